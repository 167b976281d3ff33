#!/usr/bin/env bash
# Builds shebao in Debug with ThreadSanitizer (build-tsan/) and runs the tests that exercise
# threads: the HTTP server under load and reload, the multi-threaded batch runner, the C API, and
# any test named *concurren*. A data race fails the test that triggers it.
#
#   scripts/test-tsan.sh [extra ctest options...]
#
# TSan cannot be combined with ASan, hence a build folder of its own. Some kernels randomise
# addresses more than this TSan runtime supports ("unexpected memory mapping"); the tests then run
# with address randomisation off (setarch -R), which only this process tree sees.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh --test
cmake -S . -B build-tsan -G Ninja -DCMAKE_BUILD_TYPE=Debug -DSHEBAO_SANITIZE=OFF -DSHEBAO_WERROR=ON \
  -DCMAKE_C_FLAGS="-fsanitize=thread -fno-omit-frame-pointer" \
  -DCMAKE_CXX_FLAGS="-fsanitize=thread -fno-omit-frame-pointer" \
  -DCMAKE_EXE_LINKER_FLAGS="-fsanitize=thread" -DCMAKE_SHARED_LINKER_FLAGS="-fsanitize=thread" > /dev/null
cmake --build build-tsan -j"$(nproc)"
export TSAN_OPTIONS="${TSAN_OPTIONS:-halt_on_error=1:second_deadlock_stack=1:history_size=4}"
run=()
if command -v setarch > /dev/null && setarch "$(uname -m)" -R true 2> /dev/null; then run=(setarch "$(uname -m)" -R); fi
# The hostile-input and fuzz-replay cases also match 'http|batch'; they test single requests, not
# threads, and run in the ASan build (scripts/test.sh): left out here.
"${run[@]}" ctest --test-dir build-tsan --output-on-failure -j"$(nproc)" -R 'http|batch|capi|concurren' \
  -E '^(hostile|fuzz)\.' "$@"
