#!/usr/bin/env bash
# The real `shebao serve` process writes none of the profile values it receives to any of its
# outputs: access log file, application log (stderr), stdout. Complements the in-process unit test
# unit.http.Server.AccessLogHasNoPersonalData (access log only) with the binary as deployed:
# answered, rejected, oversized, wrong-method and malformed requests carrying distinctive values
# in bodies, queries and headers.
#   http_logs.sh SHEBAO HTTP_CLIENT SOURCE_DIR
set -u
shopt -s lastpipe  # `... | send`: send runs in this shell (its counter, its exit on failure)
shebao=$1
client=$2
src=$3
tmp=$(mktemp -d "${TMPDIR:-/tmp}/shebao-http-logs.XXXXXX")
spid=""
watchdog=""
cleanup() {
  [ -n "$spid" ] && kill -9 "$spid" 2> /dev/null
  [ -n "$watchdog" ] && kill "$watchdog" 2> /dev/null
  rm -rf "$tmp"
}
trap cleanup EXIT
fail() {
  echo "FAIL: $*"
  for f in access.log server.err server.out; do echo "--- $f:"; head -c 3000 "$tmp/$f"; echo; done
  exit 1
}

"$shebao" serve --listen 127.0.0.1:0 --policies "$src/policies" --threads 2 \
  --access-log "$tmp/access.log" > "$tmp/server.out" 2> "$tmp/server.err" &
spid=$!
(sleep 120; kill -9 "$spid" 2> /dev/null) > /dev/null 2>&1 &
watchdog=$!
port=""
for _ in $(seq 1 300); do
  port=$(sed -n 's|^listening on http://127\.0\.0\.1:\([0-9]*\).*|\1|p' "$tmp/server.out" | head -n1)
  [ -n "$port" ] && break
  kill -0 "$spid" 2> /dev/null || fail "the server did not start"
  sleep 0.1
done
[ -n "$port" ] || fail "the server did not say where it listens"

# Distinctive values: a platform id, an income, birth dates, region codes of a profile.
secrets=(zqsecretplatformzq 98765.43 1961-09 2031-02-29 532627 zqsecretkeyzq)
profile='{"as_of":"2026-11-28","person":{"birth":"1961-09","sex":"female","female_original_retirement_age":55,"hukou":{"region":"532627"}},"work":{"region":"530102","relationship":"self_employed","platform":"zqsecretplatformzq","monthly_income":98765.43}}'
bad_profile='{"person":{"birth":"2031-02-29","hukou":{"region":"532627"}},"zqsecretkeyzq":98765.43,"work":{"platform":"zqsecretplatformzq"}}'
n=0
send() {  # ... | send EXPECTED_STATUS: sends the raw request read from stdin
  n=$((n + 1))
  cat > "$tmp/req$n"
  timeout 20 "$client" "$port" "$tmp/req$n" 10 > "$tmp/resp$n" 2>&1
  head -n1 "$tmp/resp$n" | grep -q "STATUS $1" || fail "request $n: expected $1, got $(head -n1 "$tmp/resp$n")"
}
post() { printf 'POST %s HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: %d\r\nConnection: close\r\n%s\r\n%s' \
  "$1" "${#2}" "${3:-}" "$2"; }
post '/v1/evaluate?lang=en&explain=1' "$profile" | send 200
post '/v1/evaluate' "$bad_profile" | send 400
post '/v1/evaluate' "${profile%?}" | send 400
post '/v1/evaluate?zqsecretkeyzq=98765.43' "$profile" | send 400
post '/v1/evaluate' "$profile" | sed 's|application/json|text/zqsecretplatformzq|' | send 415
printf 'GET /v1/evaluate?platform=zqsecretplatformzq&income=98765.43 HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n' | send 405
printf 'GET /v1/retirement?birth=2031-02-29&sex=zqsecretplatformzq HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n' | send 400
printf 'GET /v1/retirement?birth=1961-09&sex=female&original_age=55 HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n' | send 200
printf 'POST /v1/evaluate?q=zqsecretplatformzq HTTP/1.1\r\nHost: x\r\nContent-Length: 99999\r\nX-Income: 98765.43\r\n\r\n%s' "$profile" | send 413
printf 'POST /v1/evaluate HTTP/1.1\r\nHost: x\r\nContent-Length: zqsecretkeyzq\r\n\r\n%s' "$profile" | send 400

# Stop the server so that every log line is written, then look.
kill -TERM "$spid"
wait "$spid"; rc=$?
spid=""
[ "$rc" -eq 0 ] || fail "the server exited $rc on SIGTERM"
lines=$(grep -c '' "$tmp/access.log")
[ "$lines" -ge 8 ] || fail "only $lines access-log lines for $n requests"
for s in "${secrets[@]}"; do
  for f in access.log server.err server.out; do
    if grep -qF -- "$s" "$tmp/$f"; then fail "'$s' (a value of a profile sent) appears in $f"; fi
  done
done
echo "ok: $n requests, $lines access-log lines; none of ${#secrets[@]} profile values in the access log, stderr or stdout"
