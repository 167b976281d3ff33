"""`shebao serve --config FILE`: every serve option is a config key (CLI11). Starts the server
with a config file holding the listen address, audit file, admin token file, office line, CORS
origins and JSON logs, and checks each through HTTP; then the shipped packaging/serve.conf.

    python3 serve_config_test.py SHEBAO SOURCE_DIR
"""
import http.client
import json
import os
import re
import signal
import subprocess
import sys
import tempfile
import time

shebao, source = sys.argv[1], sys.argv[2]
failures = []


def check(cond, what):
    if not cond:
        failures.append(what)
        print("FAIL:", what)


def start(args, tmp):
    err = open(os.path.join(tmp, "stderr.log"), "wb")
    p = subprocess.Popen([shebao, "serve"] + args, stdout=subprocess.PIPE, stderr=err)
    line = p.stdout.readline().decode()
    m = re.search(r"listening on http://127\.0\.0\.1:(\d+)", line)
    if not m:
        p.kill()
        p.wait()
        err.close()
        print(open(os.path.join(tmp, "stderr.log"), encoding="utf-8", errors="replace").read())
        raise SystemExit("FAIL: the server did not start: %r" % line)
    return p, int(m.group(1)), err


def request(port, method, path, body=None, headers=None):
    c = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    c.request(method, path, body=body, headers=headers or {})
    r = c.getresponse()
    data = r.read()
    c.close()
    return r.status, {k.lower(): v for k, v in r.getheaders()}, data


def stop(p, err):
    p.send_signal(signal.SIGTERM)
    rc = p.wait(timeout=30)
    err.close()
    return rc


with tempfile.TemporaryDirectory() as tmp:
    token = os.path.join(tmp, "admin-token")
    with open(token, "w") as f:
        f.write("0123456789abcdef-test-token\n")
    audit = os.path.join(tmp, "audit.sqlite")
    conf = os.path.join(tmp, "serve.conf")
    with open(conf, "w", encoding="utf-8") as f:
        f.write(f'''# a test configuration
listen = "127.0.0.1:0"
threads = 2
audit = "{audit}"
admin-token-file = "{token}"
office-name = "临翔区社会保险服务中心"
office-address = "临沧市临翔区某路1号"
office-phone = "0883-1234567"
cors-origin = ["https://a.example", "http://b.example:8081"]
log-format = "json"
''')
    p, port, err = start(["--config", conf], tmp)
    try:
        st, h, body = request(port, "GET", "/v1/config")
        check(st == 200, "/v1/config status %d" % st)
        check(json.loads(body) == {"office": {"name": "临翔区社会保险服务中心", "address": "临沧市临翔区某路1号",
                                              "phone": "0883-1234567"}}, "/v1/config body %r" % body)
        check("access-control-allow-origin" not in h, "no Origin: no CORS header")

        # CORS preflight from an allowed origin, then the real request.
        st, h, _ = request(port, "OPTIONS", "/v1/evaluate",
                           headers={"Origin": "https://a.example", "Access-Control-Request-Method": "POST",
                                    "Access-Control-Request-Headers": "content-type"})
        check(st == 204, "preflight status %d" % st)
        check(h.get("access-control-allow-origin") == "https://a.example", "preflight allow-origin %r" % h)
        check("POST" in h.get("access-control-allow-methods", ""), "preflight allow-methods %r" % h)
        check("content-type" in h.get("access-control-allow-headers", "").lower(), "preflight allow-headers %r" % h)
        check(h.get("vary") == "Origin", "preflight vary %r" % h)
        with open(os.path.join(source, "tests", "cli", "json", "driver-employee.json"), "rb") as f:
            profile = f.read()
        st, h, body = request(port, "POST", "/v1/evaluate", profile,
                              {"Content-Type": "application/json", "Origin": "http://b.example:8081"})
        check(st == 200, "evaluate status %d" % st)
        check(h.get("access-control-allow-origin") == "http://b.example:8081", "evaluate allow-origin %r" % h)
        # A foreign origin gets no CORS header and no preflight.
        st, h, _ = request(port, "POST", "/v1/evaluate", profile,
                           {"Content-Type": "application/json", "Origin": "https://evil.example"})
        check(st == 200 and "access-control-allow-origin" not in h, "foreign origin got %d %r" % (st, h))
        st, h, _ = request(port, "OPTIONS", "/v1/evaluate",
                           headers={"Origin": "https://evil.example", "Access-Control-Request-Method": "POST"})
        check(st == 405 and "access-control-allow-origin" not in h, "foreign preflight got %d %r" % (st, h))

        # The admin token from the file named in the config.
        st, _, body = request(port, "POST", "/v1/admin/reload",
                              headers={"Authorization": "Bearer 0123456789abcdef-test-token"})
        check(st == 200, "reload with the configured token: %d %r" % (st, body))
        st, _, _ = request(port, "POST", "/v1/admin/reload", headers={"Authorization": "Bearer wrong-token-000000"})
        check(st == 401, "reload with a wrong token: %d" % st)
    finally:
        rc = stop(p, err)
    check(rc == 0, "serve exit %d" % rc)
    check(os.path.getsize(audit) > 0, "the audit file from the config was not written")
    # JSON logs: every line one object; the request lines hold no profile contents.
    with open(os.path.join(tmp, "stderr.log"), encoding="utf-8") as f:
        lines = [l for l in f.read().splitlines() if l.strip()]
    check(len(lines) >= 5, "too few log lines: %r" % lines)
    for line in lines:
        try:
            obj = json.loads(line)
        except ValueError:
            check(False, "log line is not JSON: %r" % line)
            continue
        check("time" in obj and "logger" in obj, "log object %r" % obj)
        check("1980-11-15" not in line and "530921" not in line, "a log line holds profile data: %r" % line)
    check(any(json.loads(l).get("logger") == "access" and "/v1/evaluate" in json.loads(l).get("request", "")
              for l in lines if l.startswith("{")), "no access line for /v1/evaluate")

    # The shipped configuration file is accepted (its audit path is the service's state folder:
    # overridden here, as the command line wins over the file).
    shipped = os.path.join(source, "packaging", "serve.conf")
    p, port, err = start(["--config", shipped, "--listen", "127.0.0.1:0", "--audit", os.path.join(tmp, "a2.sqlite")], tmp)
    try:
        st, _, body = request(port, "GET", "/v1/config")
        check(st == 200 and json.loads(body)["office"]["name"] == "", "shipped conf /v1/config %d %r" % (st, body))
        st, _, _ = request(port, "GET", "/healthz")
        check(st == 200, "shipped conf healthz %d" % st)
    finally:
        rc = stop(p, err)
    check(rc == 0, "serve (shipped conf) exit %d" % rc)

    # An unknown key is an error (exit 2), not silently ignored.
    with open(conf, "a") as f:
        f.write('no-such-option = "x"\n')
    r = subprocess.run([shebao, "serve", "--config", conf], capture_output=True, timeout=30)
    check(r.returncode == 2, "unknown config key: exit %d %r" % (r.returncode, r.stderr))

sys.exit(1 if failures else 0)
