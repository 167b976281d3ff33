#!/usr/bin/env bash
# Installs shebao's dependencies from Debian 12 packages; skips what is already installed.
# Uses sudo when not root.
#   scripts/install-deps.sh          what building and running shebao need (scripts/quickstart.sh)
#   scripts/install-deps.sh --test   and what the tests need too (scripts/test.sh): GoogleTest,
#                                    Google Benchmark, tmux, python3, systemd-analyze, the .deb tools,
#                                    headless Chromium, a CJK font, Node.js
set -euo pipefail
packages=(cmake ninja-build g++ pkg-config
  libboost1.81-dev libboost-json1.81-dev libboost-program-options1.81-dev
  libyaml-cpp-dev libsqlitecpp-dev libsqlite3-dev libspdlog-dev libcli11-dev
  libxlsxwriter-dev  # batch: XLSX summaries
  libssl-dev)  # the audit log's HMAC and hash chain (OpenSSL)
if [ "${1:-}" = "--test" ]; then
  packages+=(libgtest-dev libgmock-dev libbenchmark-dev tmux
    # the Python binding test, batch XLSX read-back (openpyxl), systemd-analyze verify, CPack DEB
    # (dpkg-shlibdeps), the audit tamper tests (the sqlite3 shell)
    python3 python3-openpyxl systemd dpkg-dev file sqlite3
    chromium fonts-wqy-microhei)  # the web page's end-to-end test (tests/e2e): headless Chromium, CJK font
  # Node.js and npm drive that test; this machine kind has them (NodeSource), a bare Debian 12 does not.
  command -v npm > /dev/null || packages+=(nodejs npm)
elif [ -n "${1:-}" ]; then
  echo "usage: scripts/install-deps.sh [--test]" >&2
  exit 2
fi
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -eq 0 ]; then
  echo "install-deps: all ${#packages[@]} packages already installed"
  exit 0
fi
SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
echo "install-deps: installing ${missing[*]}"
$SUDO apt-get update -qq
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"
