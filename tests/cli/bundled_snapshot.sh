#!/usr/bin/env bash
# bundled_snapshot.sh SHEBAO SOURCE_DIR
# The parsed-pack snapshots the build bundles beside shebao (cmake/PackSnapshot.cmake): a first run
# with an empty user cache uses them (and so writes nothing there) and answers byte for byte as a
# run that parses the YAML; damaged or untrusted copies are ignored and the packs parsed.
set -u
shebao=$1 root=$2
bundled="$(dirname "$shebao")/../share/shebao/pack-cache"
rider="$root/examples/rider-lincang-in-kunming.yaml"
golden="$root/tests/golden/results/rider-lincang-in-kunming.json"
args=(evaluate "$rider" --format json --pretty --as-of 2026-11-28 --policies "$root/policies")
tmp=$(mktemp -d)
trap 'chmod -R u+rwX "$tmp"; rm -rf "$tmp"' EXIT
fail=0
check() { if ! eval "$2"; then echo "FAIL: $1"; fail=1; fi; }
count() { find "$1" -maxdepth 1 -name 'pack-*.snap' | wc -l; }
# A run with a fresh user cache (and the bundled folder as given); prints the snapshots it wrote.
run() {
  local user="$tmp/user-$RANDOM$RANDOM"
  mkdir -m 700 "$user"
  SHEBAO_CACHE_DIR=$user "$@" "$shebao" "${args[@]}" > "$tmp/out" 2> "$tmp/err" || { echo "FAIL: exit $?"; cat "$tmp/err"; fail=1; }
  cmp -s "$tmp/out" "$golden" || { echo "FAIL: the result differs from $golden"; diff -u "$golden" "$tmp/out" | head -20; fail=1; }
  count "$user"
}

if [ ! -d "$bundled" ] || [ "$(count "$bundled")" -ne 2 ]; then
  echo "FAIL: the build made no pair of snapshots in $bundled (without and with the golden cases)"
  exit 1
fi
check "a first run uses the bundled snapshot and writes nothing" '[ "$(run env)" -eq 0 ]'
check "so does SHEBAO_CACHE_DIR=off" \
  'SHEBAO_CACHE_DIR=off "$shebao" "${args[@]}" | cmp -s - "$golden"'
check "SHEBAO_BUNDLED_CACHE_DIR=off parses and writes the user cache" '[ "$(run env SHEBAO_BUNDLED_CACHE_DIR=off)" -eq 1 ]'
user="$tmp/user-tests"; mkdir -m 700 "$user"
check "policies test uses the snapshot with the golden cases" \
  'SHEBAO_CACHE_DIR=$user "$shebao" policies test "$root/policies" > /dev/null && [ "$(count "$user")" -eq 0 ]'

# Copies of the bundled folder: intact, damaged, and writable by others.
copy() { cp -r "$bundled" "$tmp/$1"; chmod 755 "$tmp/$1"; chmod 644 "$tmp/$1"/pack-*.snap; }
copy intact
check "an intact copy is used" '[ "$(run env SHEBAO_BUNDLED_CACHE_DIR="$tmp/intact")" -eq 0 ]'
copy truncated
for f in "$tmp/truncated"/pack-*.snap; do head -c 1000 "$f" > "$f.part" && mv "$f.part" "$f" && chmod 644 "$f"; done
check "truncated snapshots are ignored" '[ "$(run env SHEBAO_BUNDLED_CACHE_DIR="$tmp/truncated")" -eq 1 ]'
copy flipped
for f in "$tmp/flipped"/pack-*.snap; do printf '\xff' | dd of="$f" bs=1 seek=5000 conv=notrunc status=none; done
check "a flipped byte is noticed" '[ "$(run env SHEBAO_BUNDLED_CACHE_DIR="$tmp/flipped")" -eq 1 ]'
copy shared
chmod 777 "$tmp/shared"
check "a folder others may write to is ignored" '[ "$(run env SHEBAO_BUNDLED_CACHE_DIR="$tmp/shared")" -eq 1 ]'
copy writable
chmod 666 "$tmp/writable"/pack-*.snap
check "snapshots others may write are ignored" '[ "$(run env SHEBAO_BUNDLED_CACHE_DIR="$tmp/writable")" -eq 1 ]'

[ $fail -eq 0 ] && echo "bundled snapshots: ok"
exit $fail
