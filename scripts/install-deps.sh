#!/usr/bin/env bash
# Installs shebao's build dependencies from Debian 12 packages; skips what is already installed.
# Uses sudo when not root.
set -euo pipefail
packages=(cmake ninja-build g++ pkg-config
  libboost1.81-dev libboost-json1.81-dev libboost-program-options1.81-dev
  libyaml-cpp-dev libsqlitecpp-dev libsqlite3-dev libspdlog-dev libcli11-dev
  libgtest-dev libgmock-dev libbenchmark-dev tmux
  libssl-dev sqlite3  # the audit log's HMAC (OpenSSL); the tamper tests edit it with the sqlite3 shell
  chromium fonts-wqy-microhei)  # the web page's end-to-end test (tests/e2e): headless Chromium, CJK font
# Node.js and npm drive that test; this machine kind has them (NodeSource), a bare Debian 12 does not.
command -v npm > /dev/null || packages+=(nodejs npm)
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
