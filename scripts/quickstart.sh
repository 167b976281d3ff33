#!/usr/bin/env bash
# Installs what building and running shebao need (not the test tools), builds shebao and the C
# library libshebao.so (Release) and evaluates an example profile in Chinese.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh
cmake -S . -B build -G Ninja -DCMAKE_BUILD_TYPE=Release -DSHEBAO_BUILD_TESTS=OFF > /dev/null
cmake --build build --target shebao shebao_capi -j"$(nproc)"
build/bin/shebao evaluate examples/rider-lincang-in-kunming.yaml
