#!/usr/bin/env python3
"""hostile.slow_clients_do_not_lock_out_others (issue 22): several thousand connections that send a
partial request header and then one byte a second (reconnecting when closed), against `shebao serve`
on loopback; meanwhile legitimate requests, one every 50 ms on fresh connections, must be answered.
Bounded: about 8 seconds on an idle machine (at most a minute when the machine is loaded), at most 3000 attacking sockets at once and 30000 connection attempts.

usage: slow_clients.py SHEBAO PACKS
"""
import errno
import os
import re
import resource
import socket
import subprocess
import sys
import threading
import time

ATTACKERS = 3000
ATTACK_SECONDS = 6.0
MAX_ATTEMPTS = 30000
LEGIT_EVERY = 0.05


def main():
    shebao, packs = sys.argv[1], sys.argv[2]
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    want = ATTACKERS + 512
    if soft < want:
        resource.setrlimit(resource.RLIMIT_NOFILE, (min(want, hard), hard))
    attackers = min(ATTACKERS, resource.getrlimit(resource.RLIMIT_NOFILE)[0] - 256)
    server = subprocess.Popen(
        [shebao, "serve", "--listen", "127.0.0.1:0", "--policies", packs, "--threads", "2",
         "--max-connections", "512", "--header-timeout", "3", "--request-timeout", "6"],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        line = server.stdout.readline()
        m = re.search(r"listening on http://127\.0\.0\.1:(\d+)", line)
        if not m:
            print("FAIL: the server did not start:", line, server.stderr.read(), file=sys.stderr)
            return 1
        port = int(m.group(1))
        return attack(port, attackers)
    finally:
        server.terminate()
        try:
            server.wait(timeout=20)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()
        err = server.stderr.read()
        lines = err.splitlines()
        print("server log (first and last lines):", *lines[:3], *lines[-3:], sep="\n  ")
        print("server log: %d lines, %d accept errors" % (len(lines), sum("accept" in l for l in lines)))
        if server.returncode not in (0, -15):
            print("FAIL: the server exited with", server.returncode, file=sys.stderr)
            sys.exit(1)


def legit_request(port, timeout=5):
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=timeout) as s:
            s.settimeout(timeout)
            s.sendall(b"GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n")
            data = b""
            while b"\r\n" not in data:
                chunk = s.recv(4096)
                if not chunk:
                    break
                data += chunk
            return data.startswith(b"HTTP/1.1 200 ")
    except OSError:
        return False


def attack(port, attackers):
    stop = threading.Event()
    results = []

    def legit():
        while not stop.is_set():
            t0 = time.monotonic()
            results.append(legit_request(port))
            time.sleep(max(0.0, LEGIT_EVERY - (time.monotonic() - t0)))

    socks = {}  # fd -> [socket, bytes sent]
    attempts = 0
    prefix = b"POST /v1/evaluate HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: " + b"a" * 4000

    def open_one():
        nonlocal attempts
        attempts += 1
        s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        s.setblocking(False)
        err = s.connect_ex(("127.0.0.1", port))
        if err not in (0, errno.EINPROGRESS):
            s.close()
            return
        socks[s.fileno()] = [s, 0]

    for _ in range(attackers):
        open_one()
    # The burst waits in the kernel's accept queue (first in, first out): a request made now is
    # answered once the server has taken the burst in (at once on an idle machine; seconds on a
    # loaded one). From then on the attack goes on and legitimate requests are counted.
    t0 = time.monotonic()
    if not legit_request(port, timeout=60):
        print("FAIL: no answer within 60 s of the burst", file=sys.stderr)
        return 1
    print(f"the burst of {attackers} connections was taken in within {time.monotonic() - t0:.1f} s")
    t_legit = threading.Thread(target=legit)
    t_legit.start()
    start = time.monotonic()
    closed = 0
    next_round = start
    while time.monotonic() - start < ATTACK_SECONDS:
        # One byte a second on every attacking connection; the closed ones reconnect.
        for fd in list(socks):
            s, sent = socks[fd]
            try:
                n = s.send(prefix[sent:sent + 1] if sent < len(prefix) else b"a")
                socks[fd][1] += n
            except BlockingIOError:
                pass
            except OSError as e:
                if e.errno in (errno.ENOTCONN, errno.EAGAIN):
                    continue
                s.close()
                del socks[fd]
                closed += 1
                if attempts < MAX_ATTEMPTS:
                    open_one()
        next_round += 1.0
        time.sleep(max(0.0, min(next_round, start + ATTACK_SECONDS) - time.monotonic()))
    stop.set()
    t_legit.join()
    for s, _ in socks.values():
        s.close()
    ok = sum(results)
    print(f"slow clients: {attackers} attacking connections, {attempts} connection attempts, "
          f"{closed} closed by the server; legitimate requests: {ok} of {len(results)} answered 200")
    if len(results) < 10:
        print("FAIL: too few legitimate requests were tried", file=sys.stderr)
        return 1
    if ok < 0.9 * len(results):
        print("FAIL: legitimate requests were locked out", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
