#!/usr/bin/env bash
# Runs one libFuzzer target of tests/fuzz for a given time.
#
#   scripts/fuzz.sh TARGET SECONDS [libFuzzer options...]     TARGET: expr | policy | profile | http
#
# Configures and builds build-fuzz/ with clang (-fsanitize=fuzzer,address,undefined; the libraries
# with fuzzer-no-link for coverage), then runs build-fuzz/bin/fuzz_TARGET starting from the
# committed seed corpus tests/fuzz/corpus/TARGET (never written to). New inputs go to
# build-fuzz/corpus/TARGET, crashes/timeouts/OOMs to build-fuzz/crashes/TARGET/, the log to
# build-fuzz/logs/TARGET.log. Exit status: libFuzzer's (0 = no finding).
# A finding: reproduce with `build-fuzz/bin/fuzz_TARGET FILE`; once fixed, copy FILE into
# tests/fuzz/corpus/TARGET/ (named regress-<what>) so that ctest's fuzz.replay.TARGET keeps it.
# Needs clang and libclang-rt-14-dev (Debian 12: apt-get install clang libclang-rt-14-dev).
set -euo pipefail
cd "$(dirname "$0")/.."

target=${1:-}
seconds=${2:-}
if [[ ! "$target" =~ ^(expr|policy|profile|http)$ || ! "$seconds" =~ ^[0-9]+$ ]]; then
  echo "usage: scripts/fuzz.sh expr|policy|profile|http SECONDS [libFuzzer options...]" >&2
  exit 2
fi
shift 2
command -v clang++ > /dev/null || { echo "fuzz.sh: clang++ not found (apt-get install clang libclang-rt-14-dev)" >&2; exit 2; }

build=build-fuzz
# Configure once (again when the options are missing); -O1 -g keeps stack traces useful.
if [ ! -f "$build/build.ninja" ] || ! grep -q "SHEBAO_FUZZ:BOOL=ON" "$build/CMakeCache.txt"; then
  CC=clang CXX=clang++ cmake -S . -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=Debug \
    -DCMAKE_C_FLAGS_DEBUG="-g -O1" -DCMAKE_CXX_FLAGS_DEBUG="-g -O1" \
    -DCMAKE_CXX_FLAGS="-fsanitize=fuzzer-no-link,address,undefined -fno-sanitize-recover=undefined -fno-omit-frame-pointer" \
    -DCMAKE_C_FLAGS="-fsanitize=address,undefined -fno-omit-frame-pointer" \
    -DCMAKE_EXE_LINKER_FLAGS="-fsanitize=address,undefined" \
    -DSHEBAO_FUZZ=ON -DSHEBAO_SANITIZE=OFF -DSHEBAO_WERROR=OFF > /dev/null
fi
cmake --build "$build" --target "fuzz_$target" -j"${FUZZ_BUILD_JOBS:-$(nproc)}"

case "$target" in
  expr) max_len=2048 ;;
  policy) max_len=16384 ;;
  profile) max_len=8192 ;;
  http) max_len=12288 ;;
esac
corpus="$build/corpus/$target"
crashes="$build/crashes/$target"
mkdir -p "$corpus" "$crashes" "$build/logs"
dict=()
[ -f "tests/fuzz/$target.dict" ] && dict=(-dict="tests/fuzz/$target.dict")

export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=1:allocator_may_return_null=1}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}
echo "fuzz.sh: $target for ${seconds}s (max_len $max_len); log $build/logs/$target.log"
set +e
"$build/bin/fuzz_$target" "$corpus" "tests/fuzz/corpus/$target" \
  -max_total_time="$seconds" -max_len="$max_len" -rss_limit_mb=2048 -malloc_limit_mb=2048 -timeout=20 \
  -artifact_prefix="$crashes/" -print_final_stats=1 "${dict[@]}" "$@" > "$build/logs/$target.log" 2>&1
status=$?
set -e
grep -E "^stat::(number_of_executed_units|average_exec_per_sec|new_units_added|peak_rss_mb)" "$build/logs/$target.log" || true
if [ "$status" -ne 0 ]; then
  echo "fuzz.sh: $target found something (exit $status); see $build/logs/$target.log and $crashes/" >&2
  grep -E "^(==[0-9]+==ERROR|SUMMARY|.*runtime error|fuzz invariant)" "$build/logs/$target.log" | head -5 >&2 || true
fi
exit "$status"
