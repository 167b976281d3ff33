#!/usr/bin/env bash
# serve_audit.sh SHEBAO PROFILE...
# `shebao serve --audit FILE --audit-full` records every answered evaluation: POST each profile
# (plain HTTP over bash's /dev/tcp, no client needed), stop the server with SIGTERM (it must exit
# 0), then `audit show` lists one record per profile and `audit verify` re-evaluates them all.
set -u
shebao=$1; shift
tmp=$(mktemp -d)
trap 'kill "$pid" 2>/dev/null; rm -rf "$tmp"' EXIT
"$shebao" serve --listen 127.0.0.1:0 --audit "$tmp/audit.sqlite" --audit-full > "$tmp/out" 2> "$tmp/err" &
pid=$!
for _ in $(seq 100); do grep -q "listening on" "$tmp/out" && break; sleep 0.1; done
port=$(sed -n 's|.*listening on http://127.0.0.1:\([0-9]*\).*|\1|p' "$tmp/out")
[ -n "$port" ] || { echo "server did not start"; cat "$tmp/err"; exit 1; }
n=0
for profile in "$@"; do
  body=$(cat "$profile")
  exec 3<>"/dev/tcp/127.0.0.1/$port"
  printf 'POST /v1/evaluate HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\nContent-Length: %d\r\nConnection: close\r\n\r\n%s' \
    "$(printf '%s' "$body" | wc -c)" "$body" >&3
  tr -d '\r' <&3 > "$tmp/response"
  exec 3>&-
  status=$(head -1 "$tmp/response")
  case $status in *" 200 "*) n=$((n + 1)) ;; *) echo "unexpected answer: $status"; exit 1 ;; esac
  # The answer carries the id of its audit record (the printed answer shows it): 1, 2, ...
  grep -qx "X-Audit-Record: $n" "$tmp/response" || { echo "no X-Audit-Record: $n in the response:"; head -12 "$tmp/response"; exit 1; }
done
kill -TERM "$pid"
wait "$pid"; rc=$?
[ "$rc" -eq 0 ] || { echo "serve exited $rc after SIGTERM"; cat "$tmp/err"; exit 1; }
"$shebao" audit show "$tmp/audit.sqlite" > "$tmp/show" || { echo "audit show failed"; exit 1; }
grep -q "^.*: $n records" "$tmp/show" || { echo "expected $n records:"; cat "$tmp/show"; exit 1; }
"$shebao" audit verify "$tmp/audit.sqlite" > "$tmp/verify" || { echo "audit verify failed:"; cat "$tmp/verify"; exit 1; }
grep -q "re-evaluated $n records that kept their profile: $n match, 0 differ" "$tmp/verify" || { cat "$tmp/verify"; exit 1; }
echo "$n evaluations recorded and verified"
