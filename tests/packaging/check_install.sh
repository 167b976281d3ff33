#!/usr/bin/env bash
# check_install.sh BUILD_DIR SOURCE_DIR [SANITIZE_FLAGS]
# `cmake --install` into a temporary prefix, then moves the prefix (relocatable), and checks:
#  - PREFIX/bin/shebao evaluate answers with the installed packs (the whole golden result), and
#    reads them from the moved prefix, not from the source tree;
#  - --policies-overlay DIR replaces a bundled pack by the overlay's pack of the same id;
#  - a C program links via find_package(shebao CONFIG) and via pkg-config (shebao.pc), and
#    shebao_open(NULL) opens the install's bundled packs;
#  - the installed Python binding loads the installed library by itself.
set -euo pipefail
build=$1 src=$2 sanflags=${3:-}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail() { echo "FAIL: $*"; exit 1; }

cmake --install "$build" --prefix "$tmp/first" > "$tmp/install.log" || { cat "$tmp/install.log"; fail "cmake --install"; }
mv "$tmp/first" "$tmp/prefix"
P=$tmp/prefix
for f in bin/shebao include/shebao.h share/shebao/policies/cn/pack.yaml share/shebao/web/index.html \
         lib/systemd/system/shebao.service etc/shebao/serve.conf lib/python3/dist-packages/shebao/__init__.py \
         share/doc/shebao/examples/driver-employee.yaml; do
  [ -e "$P/$f" ] || fail "not installed: $f"
done
lib=$(find "$P" -name 'libshebao.so.0' | head -1)
[ -n "$lib" ] || fail "libshebao.so.0 not installed"
[ -L "$(dirname "$lib")/libshebao.so" ] || fail "no libshebao.so link for the linker"
objdump -p "$lib" | grep -q 'SONAME *libshebao.so.0' || fail "SONAME is not libshebao.so.0"
[ -n "$(ls "$P/share/shebao/pack-cache" 2>/dev/null)" ] || echo "note: no bundled pack snapshot installed"

# The installed binary, in the moved prefix, with the packs of that prefix.
out=$tmp/result.json
"$P/bin/shebao" evaluate "$P/share/doc/shebao/examples/driver-employee.yaml" --format json --pretty > "$out" ||
  fail "installed shebao evaluate"
diff -q "$out" "$src/tests/golden/results/driver-employee.json" > /dev/null || fail "installed shebao: result differs from the golden one"
pack=$P/share/shebao/policies/cn-530900/pack.yaml
cp "$pack" "$tmp/pack.yaml"
sed -i 's/en: Lincang}/en: LincangInstalled}/' "$pack"
"$P/bin/shebao" policies show cn-530900 --lang en > "$tmp/show.txt" && grep -q LincangInstalled "$tmp/show.txt" ||
  fail "the moved install does not read its own share/shebao/policies"
"$P/bin/shebao" --help > /dev/null || fail "--help"

# The overlay: a pack of the same id replaces the bundled one.
mkdir -p "$tmp/overlay"
cp -r "$P/share/shebao/policies/cn-530900" "$tmp/overlay/"
rm -rf "$tmp/overlay/cn-530900/tests"
sed -i 's/en: LincangInstalled}/en: LincangOverlay}/' "$tmp/overlay/cn-530900/pack.yaml"
cp "$tmp/pack.yaml" "$pack"  # the installed packs as built again, for the golden comparisons below
"$P/bin/shebao" policies show cn-530900 --lang en --policies-overlay "$tmp/overlay" > "$tmp/show.txt" &&
  grep -q LincangOverlay "$tmp/show.txt" ||
  fail "--policies-overlay did not replace cn-530900"
"$P/bin/shebao" policies lint --lang en --policies-overlay "$tmp/overlay" > "$tmp/lint.txt" ||
  { cat "$tmp/lint.txt"; fail "policies lint with an overlay"; }
grep -q "^  cn-530900  replaces the pack in $P/share/shebao/policies\$" "$tmp/lint.txt" ||
  { cat "$tmp/lint.txt"; fail "policies lint does not say what the overlay replaces"; }
"$P/bin/shebao" evaluate "$P/share/doc/shebao/examples/driver-employee.yaml" --format json --policies-overlay "$tmp/overlay" \
  > /dev/null || fail "evaluate with an overlay"

# C consumers: the CMake package and pkg-config, against the moved prefix.
export CFLAGS="$sanflags" LDFLAGS="$sanflags"
cmake -S "$src/tests/packaging/consumer" -B "$tmp/consumer" -G Ninja -DCMAKE_PREFIX_PATH="$P" > "$tmp/consumer.log" 2>&1 ||
  { cat "$tmp/consumer.log"; fail "find_package(shebao CONFIG)"; }
cmake --build "$tmp/consumer" > "$tmp/consumer.log" 2>&1 || { cat "$tmp/consumer.log"; fail "building the CMake consumer"; }
"$tmp/consumer/consumer" "$P/share/doc/shebao/examples/driver-employee.yaml" > "$out" || fail "CMake consumer run"
diff -q "$out" "$src/tests/golden/results/driver-employee.json" > /dev/null || fail "CMake consumer: result differs from the golden one"
pc_dir=$(dirname "$(find "$P" -name shebao.pc | head -1)")
# shellcheck disable=SC2046
cc $sanflags -o "$tmp/pkgconfig-consumer" "$src/tests/packaging/consumer/consumer.c" \
  $(PKG_CONFIG_PATH="$pc_dir" pkg-config --cflags --libs shebao) -Wl,-rpath,"$(dirname "$lib")" || fail "pkg-config consumer"
"$tmp/pkgconfig-consumer" "$P/share/doc/shebao/examples/driver-employee.yaml" > "$out" || fail "pkg-config consumer run"
diff -q "$out" "$src/tests/golden/results/driver-employee.json" > /dev/null || fail "pkg-config consumer: result differs"

# The installed Python binding finds the installed library without SHEBAO_LIBRARY.
if [ -x /usr/bin/python3 ]; then
  # (An instrumented library needs the sanitizer runtime first: SHEBAO_PY_PRELOAD.)
  env -u SHEBAO_LIBRARY ${SHEBAO_PY_PRELOAD:+LD_PRELOAD=$SHEBAO_PY_PRELOAD ASAN_OPTIONS=detect_leaks=0} \
    PYTHONPATH="$P/lib/python3/dist-packages" /usr/bin/python3 -c '
import sys, shebao
r = shebao.Engine().evaluate(open(sys.argv[1], encoding="utf-8").read())
assert r["policy_set"]["digest"].startswith("sha256:"), r
assert shebao._lib._name.startswith(sys.argv[2]), shebao._lib._name
' "$P/share/doc/shebao/examples/driver-employee.yaml" "$P" || fail "installed Python binding"
fi
echo "install checks passed ($P)"
