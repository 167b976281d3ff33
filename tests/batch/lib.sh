# Shared by tests/batch/*.sh (sourced; not a test itself).
# Arguments of every script: SHEBAO GEN SOURCE_DIR [BIG]  — the shebao binary, shebao-gen, the
# source tree, and the number of lines of the big generated inputs.
set -euo pipefail
SHEBAO=$1
GEN=$2
SRC=$3
BIG=${4:-20000}
FIXTURE=$SRC/tests/unit/store/fixture
T=$(mktemp -d "${TMPDIR:-/tmp}/shebao-batch-test.XXXXXX")
cleanup() {
  local pid
  for pid in $(jobs -p); do kill -9 "$pid" 2>/dev/null || true; done
  rm -rf "$T"
}
trap cleanup EXIT
cd "$T"

fail() {
  echo "FAIL: $*" >&2
  exit 1
}

# expect_exit CODE CMD...: runs CMD (stdout > out.txt, stderr > err.txt), checks its exit code.
expect_exit() {
  local want=$1
  shift
  set +e
  "$@" >out.txt 2>err.txt
  local got=$?
  set -e
  if [ "$got" != "$want" ]; then
    echo "--- stdout"; head -c 3000 out.txt; echo "--- stderr"; head -c 3000 err.txt
    fail "exit $got, wanted $want: $*"
  fi
}

# A copy of the fixture packs in DEST (optionally with the average wage changed to VALUE).
fixture_packs() {
  rm -rf "$1"
  cp -r "$FIXTURE" "$1"
  if [ $# -ge 2 ]; then
    sed -i "s/\"7000.00\"/\"$2\"/" "$1/cn/parameters.yaml"
    grep -q "\"$2\"" "$1/cn/parameters.yaml" || fail "could not change the fixture parameter"
  fi
}

# A copy of the bundled packs in DEST that passes lint: the working tree's, else (while someone is
# editing them) the last committed ones. Returns 1 when neither lints.
real_packs() {
  rm -rf "$1"
  cp -r "$SRC/policies" "$1"
  if "$SHEBAO" policies lint "$1" >/dev/null 2>&1; then return 0; fi
  rm -rf "$1"
  mkdir -p "$1.git"
  if git -C "$SRC" archive HEAD policies 2>/dev/null | tar -x -C "$1.git" 2>/dev/null &&
    "$SHEBAO" policies lint "$1.git/policies" >/dev/null 2>&1; then
    mv "$1.git/policies" "$1"
    echo "note: the working tree's packs do not lint right now; using the committed ones" >&2
    return 0
  fi
  return 1
}

# check_output OUT EXPECTED: OUT (JSONL answers) holds exactly one complete answer per line number
# listed in the file EXPECTED, in that order, and nothing else.
check_output() {
  local out=$1 expected=$2
  local bad
  bad=$(grep -cvE '^\{"line":[0-9]+,("result":\{.*\}|"errors":\[.*\])\}$' "$out" || true)
  [ "$bad" = 0 ] || fail "$out: $bad lines are not complete answers"
  sed -E 's/^\{"line":([0-9]+),.*$/\1/' "$out" >"$out.lines"
  if ! cmp -s "$out.lines" "$expected"; then
    echo "expected $(wc -l <"$expected") answers, found $(wc -l <"$out.lines"); duplicates: $(sort -n "$out.lines" | uniq -d | head -5 | tr '\n' ' ')" >&2
    diff "$expected" "$out.lines" | head -10 >&2 || true
    fail "$out: not exactly one answer per input line, in order"
  fi
}

# Line numbers that must be answered: non-blank lines of a JSONL file (after the header for CSV
# without multi-line cells: pass 2 as the first line).
expected_lines() {
  awk -v first="${2:-1}" 'NR >= first && NF { print NR }' "$1"
}
