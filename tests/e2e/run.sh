#!/usr/bin/env bash
# The end-to-end test of the service-window page (web/) in headless Chromium, as ctest's e2e.page:
#   tests/e2e/run.sh SHEBAO_BIN [SCREENSHOT_DIR]
# Installs the pinned npm packages (package-lock.json) when they are missing or stale, then runs
# page.test.mjs against `SHEBAO_BIN serve`. Exits 77 (ctest: skipped) only when Debian's chromium
# is not installed; scripts/install-deps.sh installs it, so in CI the test really runs.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
bin="${1:?usage: tests/e2e/run.sh SHEBAO_BIN [SCREENSHOT_DIR]}"
out="${2:-$(cd "$(dirname "$bin")/.." && pwd)/e2e-screenshots}"
chromium="${CHROMIUM:-/usr/bin/chromium}"

if [ ! -x "$chromium" ]; then
  echo "SKIP: $chromium is not installed (Debian package chromium; scripts/install-deps.sh installs it)"
  echo "0 passed, 0 failed, 1 skipped"
  exit 77
fi
for tool in node npm; do
  if ! command -v "$tool" > /dev/null; then
    echo "$tool is not installed (scripts/install-deps.sh installs it)"
    echo "0 passed, 1 failed"
    exit 1
  fi
done

# npm ci once per change of package-lock.json; a lock keeps two build folders from installing at once.
stamp="$here/node_modules/.shebao-package-lock.json"
install_deps() {
  if ! cmp -s "$here/package-lock.json" "$stamp"; then
    echo "e2e: npm ci --prefix tests/e2e"
    npm ci --prefix "$here" --no-audit --no-fund --loglevel=error
    cp "$here/package-lock.json" "$stamp"
  fi
}
if command -v flock > /dev/null; then
  exec 9> "${TMPDIR:-/tmp}/shebao-e2e-npm.lock"
  flock 9
  install_deps
  flock -u 9
else
  install_deps
fi

exec node "$here/page.test.mjs" --shebao "$bin" --out "$out"
