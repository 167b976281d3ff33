#!/usr/bin/env bash
# verify_unit.sh UNIT SHEBAO: `systemd-analyze verify` on the unit, its ExecStart pointed at the
# built binary (the unit names /usr/bin/shebao, which only the package installs).
# Exit 77 (skipped) only when systemd-analyze cannot run here at all.
set -uo pipefail
unit=$1 shebao=$2
if ! command -v systemd-analyze > /dev/null; then echo "SKIP: systemd-analyze is not installed (package systemd)"; exit 77; fi
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
sed "s|/usr/bin/shebao|$shebao|" "$unit" > "$tmp/shebao.service"
out=$(systemd-analyze verify --man=no "$tmp/shebao.service" 2>&1)
rc=$?
if [ $rc -ne 0 ] && grep -qiE "Failed to (initialize|connect|create|setup) (manager|bus)|Operation not permitted|Read-only file system" <<< "$out"; then
  echo "SKIP: systemd-analyze cannot run in this container: $out"
  exit 77
fi
[ -n "$out" ] && echo "$out"
if [ $rc -ne 0 ] || [ -n "$out" ]; then echo "FAIL: systemd-analyze verify reported the above"; exit 1; fi
# The hardening the issue asks for is there.
for key in DynamicUser=yes StateDirectory=shebao ProtectSystem=strict ProtectHome=yes NoNewPrivileges=yes \
           PrivateTmp=yes RestrictAddressFamilies= MemoryMax= "ExecReload=/bin/kill -HUP" "--config /etc/shebao/serve.conf"; do
  grep -q -- "$key" "$unit" || { echo "FAIL: the unit lacks $key"; exit 1; }
done
echo "systemd-analyze verify: ok"
