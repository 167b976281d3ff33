#!/usr/bin/env bash
# Runs one case of the hostile-input suite (tests/hostile/README.md):
#   run.sh SHEBAO CASE_FILE SOURCE_DIR HTTP_CLIENT
# Every command runs bounded in time (timeout 20 s) and memory (2 GiB: ulimit -v, or the
# sanitizer's hard_rss_limit_mb in an ASan build, which cannot run under ulimit -v). A case fails
# when a command is killed by a signal, times out, reports a sanitizer error, exits with another
# code than expected, misses its expected error text, or prints an answer when it must not.
set -u
shebao=$1
case_file=$2
src=$3
client=${4:-}
name=$(basename "$case_file")
tmp=$(mktemp -d "${TMPDIR:-/tmp}/shebao-hostile.XXXXXX")
server_pid=""
watchdog_pid=""
cleanup() {
  if [ -n "$server_pid" ]; then kill "$server_pid" 2> /dev/null; wait "$server_pid" 2> /dev/null; fi
  if [ -n "$watchdog_pid" ]; then kill "$watchdog_pid" 2> /dev/null; wait "$watchdog_pid" 2> /dev/null; fi
  rm -rf "$tmp"
}
trap cleanup EXIT

fail() {
  echo "FAIL $name: $*"
  for f in "$tmp"/out "$tmp"/err "$tmp"/server.err "$tmp"/batch.out; do
    [ -s "$f" ] && { echo "--- $(basename "$f") (first 3000 bytes):"; head -c 3000 "$f"; echo; }
  done
  exit 1
}

# ---- the case: directives (leading "#@ key: value" lines), then the body ---------------------
declare -A d=()
body_start=1
while IFS= read -r line || [ -n "$line" ]; do
  line=${line%$'\r'}
  [[ "$line" == "#@"* ]] || break
  line=${line#\#@}
  line=${line# }
  key=${line%%:*}
  value=${line#*:}
  value=${value# }
  d[$key]=$value
  body_start=$((body_start + 1))
done < "$case_file"
channel=${d[channel]:-}
[ -n "$channel" ] || fail "no '#@ channel:' directive"
tail -n +"$body_start" "$case_file" > "$tmp/body"

# Generators for inputs too big (or too binary) to commit: the output replaces @GEN@ / @GEN2@.
generate() {  # generate SPEC > file
  local kind=${1%% *} args=""
  [[ "$1" == *" "* ]] && args=${1#* }
  set -- $args
  case $kind in
    repeat)  # repeat N TEXT: TEXT N times (TEXT: printf escapes allowed)
      local n=$1; shift
      local unit
      unit=$(printf "$*"; echo x); unit=${unit%x}
      if [ ${#unit} -eq 1 ]; then head -c "$n" /dev/zero | tr '\0' "$unit"
      else yes -- "$unit" | head -n "$n" | tr -d '\n'; fi ;;
    nest)  # nest N OPEN CLOSE [INNER]: OPEN^N INNER CLOSE^N
      generate "repeat $1 $2"; printf '%s' "${4:-}"; generate "repeat $1 $3" ;;
    list)  # list N ITEM: ITEM,ITEM,... (N items)
      yes -- "$2" | head -n "$1" | paste -sd, - | tr -d '\n' ;;
    headers)  # headers N: N header fields of 40 bytes
      seq 1 "$1" | awk '{ printf "X-Hostile-%06d: %s\r\n", $1, "aaaaaaaaaaaaaaaaaaaaaaaaa" }' ;;
    printf)  # printf FORMAT: exact bytes (\0, \xff, ...)
      printf "$*" ;;
    *) echo "unknown generator '$kind'" >&2; return 1 ;;
  esac
}
splice() {  # splice MARKER FILE: replaces the first MARKER in body by FILE's bytes
  local marker=$1 file=$2 off
  off=$(grep -abo -m1 -- "$marker" "$tmp/body" | head -n1 | cut -d: -f1)
  [ -n "$off" ] || fail "directive for $marker but no $marker in the body"
  { head -c "$off" "$tmp/body"; cat "$file"; tail -c +"$((off + ${#marker} + 1))" "$tmp/body"; } > "$tmp/body.new"
  mv "$tmp/body.new" "$tmp/body"
}
for g in gen gen2; do
  if [ -n "${d[$g]:-}" ]; then
    generate "${d[$g]}" > "$tmp/$g" || fail "generator failed: ${d[$g]}"
    marker="@GEN@"; [ "$g" = gen2 ] && marker="@GEN2@"
    splice "$marker" "$tmp/$g"
  fi
done
if [ "${d[crlf]:-}" = yes ]; then sed -i 's/$/\r/' "$tmp/body"; fi
if [ "${d[final-newline]:-}" = no ]; then
  # Drop the body's last byte (the newline every committed text file ends with).
  size=$(stat -c %s "$tmp/body"); [ "$size" -gt 0 ] && truncate -s $((size - 1)) "$tmp/body"
fi

# ---- bounded execution -------------------------------------------------------------------------
asan=0
if ldd "$shebao" 2> /dev/null | grep -q libasan || nm "$shebao" 2> /dev/null | grep -q " __asan_init"; then asan=1; fi
export ASAN_OPTIONS="${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=1}:hard_rss_limit_mb=2048:allocator_may_return_null=0"
export UBSAN_OPTIONS="${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}"
export NO_COLOR=1
# bounded OUT ERR [STDIN] -- COMMAND...: exit code in $rc; fails the case on signal, timeout or sanitizer report.
bounded() {
  local out=$1 err=$2 stdin=/dev/null
  shift 2
  if [ "$1" != "--" ]; then stdin=$1; shift; fi
  shift
  if [ $asan -eq 1 ]; then
    timeout -k 5 20 "$@" < "$stdin" > "$out" 2> "$err"; rc=$?
  else
    (ulimit -v 2097152; exec timeout -k 5 20 "$@") < "$stdin" > "$out" 2> "$err"; rc=$?
  fi
  [ $rc -eq 124 ] && fail "timed out after 20 s: $*"
  [ $rc -gt 128 ] && fail "killed by signal $((rc - 128)): $*"
  if grep -qE "ERROR: (Address|Leak|Undefined|Thread)Sanitizer|runtime error:|SUMMARY: .*Sanitizer" "$err"; then
    fail "sanitizer report: $*"
  fi
  return 0
}
check_exit() { [ "$rc" -eq "$1" ] || fail "exit code $rc, expected $1"; }
check_re() {  # check_re WHAT FILE REGEX
  [ -z "$3" ] && return 0
  grep -aEq -- "$3" "$2" || fail "$1 does not match /$3/"
}

policies=$src/policies
rider=$src/examples/rider-lincang-in-kunming.yaml
as_of_args=(--as-of 2026-11-28)
[ "${d[as-of]:-}" = none ] && as_of_args=()

# ---- channels ---------------------------------------------------------------------------------
case $channel in
  profile-cli)  # shebao evaluate FILE (text); an error: exit 3, messages on stderr, nothing on stdout
    ext=${name##*.}
    input="$tmp/profile.$ext"
    cp "$tmp/body" "$input"
    if [ "${d[stdin]:-}" = yes ]; then
      bounded "$tmp/out" "$tmp/err" "$input" -- "$shebao" evaluate - "${as_of_args[@]}" --policies "$policies"
    else
      bounded "$tmp/out" "$tmp/err" -- "$shebao" evaluate "$input" "${as_of_args[@]}" --policies "$policies"
    fi
    check_exit "${d[exit]:-3}"
    check_re stderr "$tmp/err" "${d[stderr]:-}"
    check_re stdout "$tmp/out" "${d[stdout]:-}"
    if [ "$rc" -ne 0 ] && [ -s "$tmp/out" ]; then fail "printed an answer on stdout although it failed"; fi
    if [ "$rc" -eq 0 ] && ! grep -q "企业职工基本养老保险" "$tmp/out"; then fail "exit 0 without an answer"; fi
    ;;

  profile-json)  # shebao evaluate FILE --format json: an error is {"errors":[...]} on stdout, exit 3
    ext=${name##*.}
    input="$tmp/profile.$ext"
    cp "$tmp/body" "$input"
    bounded "$tmp/out" "$tmp/err" -- "$shebao" evaluate "$input" "${as_of_args[@]}" --policies "$policies" --format json
    check_exit "${d[exit]:-3}"
    check_re stdout "$tmp/out" "${d[stdout]:-}"
    check_re stderr "$tmp/err" "${d[stderr]:-}"
    if [ "$rc" -eq 3 ]; then
      head -c 12 "$tmp/out" | grep -q '^{"errors":\[' || fail "a rejected profile without the errors object on stdout"
      grep -q '"schemes"' "$tmp/out" && fail "an answer together with errors"
    fi
    if [ "$rc" -eq 0 ]; then grep -q '"schemes"' "$tmp/out" || fail "exit 0 without an answer"; fi
    ;;

  pack)  # a policy file in a copy of tests/fuzz/pack_fixture: `policies lint` and `evaluate` with it
    tree="$tmp/policies"
    mkdir -p "$tree"
    cp -r "$src/tests/fuzz/pack_fixture/." "$tree/"
    target=${d[file]:?pack cases need '#@ file: <pack>/<file>.yaml'}
    mkdir -p "$(dirname "$tree/$target")"
    cp "$tmp/body" "$tree/$target"
    bounded "$tmp/out" "$tmp/err" -- "$shebao" policies lint "$tree"
    check_exit "${d[exit]:-4}"
    cat "$tmp/out" "$tmp/err" > "$tmp/all"
    check_re "lint output" "$tmp/all" "${d[output]:-}"
    lint_rc=$rc
    bounded "$tmp/out" "$tmp/err" -- "$shebao" evaluate "$rider" --as-of 2026-11-28 --policies "$tree" --format json
    if [ "$lint_rc" -eq 4 ]; then
      check_exit 4
      [ -s "$tmp/out" ] && fail "evaluate printed an answer with a broken pack"
    else
      check_exit 0
    fi
    ;;

  cli-args)  # the body: one argument per line; @RIDER@ @TMP@ @POLICIES@ @GEN@-file contents
    args=()
    gen_text=""
    [ -f "$tmp/gen" ] && gen_text=$(cat "$tmp/gen")
    mkdir -p "$tmp/a-folder"
    while IFS= read -r a || [ -n "$a" ]; do
      a=${a//@RIDER@/$rider}
      a=${a//@TMP@/$tmp}
      a=${a//@POLICIES@/$policies}
      args+=("$a")
    done < <(tail -n +"$body_start" "$case_file")
    # @GEN@ in an argument: the generated text (not spliced into the body above for this channel).
    for i in "${!args[@]}"; do args[$i]=${args[$i]//@GEN@/$gen_text}; done
    bounded "$tmp/out" "$tmp/err" -- "$shebao" "${args[@]}"
    check_exit "${d[exit]:-2}"
    check_re stderr "$tmp/err" "${d[stderr]:-}"
    check_re stdout "$tmp/out" "${d[stdout]:-}"
    if [ "${d[no-stdout]:-yes}" = yes ] && [ "$rc" -ne 0 ] && [ -s "$tmp/out" ]; then fail "printed on stdout although it failed"; fi
    ;;

  batch-line)  # the body is a JSONL (or CSV, with '#@ format: csv') batch input mixing good and bad lines
    fmt=${d[format]:-jsonl}
    input="$tmp/in.$fmt"
    cp "$tmp/body" "$input"
    bounded "$tmp/out" "$tmp/err" -- "$shebao" batch "$input" --out "$tmp/batch.out" "${as_of_args[@]}" \
      --policies "$policies" --threads 2
    check_exit "${d[exit]:-0}"
    check_re stderr "$tmp/err" "${d[stderr]:-}"
    if [ "$rc" -eq 0 ]; then
      want_ok=${d[ok]:?batch cases need '#@ ok: N'}
      want_bad=${d[bad]:?batch cases need '#@ bad: N'}
      total=$(grep -c '' "$tmp/batch.out")
      ok=$(grep -cE '^\{"line":[0-9]+,"result":\{' "$tmp/batch.out")
      bad=$(grep -cE '^\{"line":[0-9]+,"errors":\[' "$tmp/batch.out")
      [ "$ok" -eq "$want_ok" ] || fail "$ok answers, expected $want_ok"
      [ "$bad" -eq "$want_bad" ] || fail "$bad rejected lines, expected $want_bad"
      [ "$total" -eq $((want_ok + want_bad)) ] || fail "$total output lines, expected $((want_ok + want_bad))"
      # A rejected line carries no answer.
      if grep -E '^\{"line":[0-9]+,"errors":' "$tmp/batch.out" | grep -q '"schemes"'; then fail "a rejected line with an answer"; fi
      # Exactly one output line per input line, in order.
      if [ -n "${d[lines]:-}" ]; then
        got_lines=$(grep -oE '^\{"line":[0-9]+' "$tmp/batch.out" | cut -d: -f2 | paste -sd' ' -)
        [ "$got_lines" = "${d[lines]}" ] || fail "output lines '$got_lines', expected '${d[lines]}'"
      fi
      check_re "batch output" "$tmp/batch.out" "${d[output]:-}"
    fi
    ;;

  http)  # the body: raw bytes sent to `shebao serve` on loopback; '#@ status: N' of the first answer
    [ -x "$client" ] || fail "no HTTP client binary"
    # The server itself is the background job (no `timeout` in between: the SIGTERM below must
    # reach it); a watchdog bounds its life instead.
    if [ $asan -eq 1 ]; then
      "$shebao" serve --listen 127.0.0.1:0 --policies "$policies" --threads 2 > "$tmp/server.out" 2> "$tmp/server.err" &
    else
      (ulimit -v 2097152; exec "$shebao" serve --listen 127.0.0.1:0 --policies "$policies" --threads 2) \
        > "$tmp/server.out" 2> "$tmp/server.err" &
    fi
    server_pid=$!
    (sleep 90; kill -9 "$server_pid" 2> /dev/null) > /dev/null 2>&1 &
    watchdog_pid=$!
    port=""
    for _ in $(seq 1 200); do
      port=$(sed -n 's|^listening on http://127\.0\.0\.1:\([0-9]*\).*|\1|p' "$tmp/server.out" 2> /dev/null | head -n1)
      [ -n "$port" ] && break
      kill -0 "$server_pid" 2> /dev/null || fail "the server did not start"
      sleep 0.1
    done
    [ -n "$port" ] || fail "the server did not say where it listens"
    # The request: the lines up to the first empty one are the head (sent with CRLF), the rest is
    # the payload (without the file's final newline); @LEN@ in the head is the payload's size.
    if [ "${d[raw]:-}" = yes ]; then
      cp "$tmp/body" "$tmp/request"
    else
      hdr_bytes=$(sed -n '1,/^\r\?$/p' "$tmp/body" | wc -c)
      tail -c +"$((hdr_bytes + 1))" "$tmp/body" > "$tmp/payload"
      psize=$(stat -c %s "$tmp/payload")
      if [ "$psize" -gt 0 ] && [ "$(tail -c 1 "$tmp/payload" | od -An -c | tr -d ' ')" = '\n' ]; then
        truncate -s $((psize - 1)) "$tmp/payload"; psize=$((psize - 1))
      fi
      head -c "$hdr_bytes" "$tmp/body" | sed -e 's/\r\?$/\r/' -e "s/@LEN@/$psize/" > "$tmp/request"
      cat "$tmp/payload" >> "$tmp/request"
    fi
    bounded "$tmp/out" "$tmp/err" -- "$client" "$port" "$tmp/request" 10
    check_exit 0
    status=$(head -n1 "$tmp/out" | cut -d' ' -f2)
    [ "$status" = "${d[status]:?http cases need '#@ status: N'}" ] || fail "status $status, expected ${d[status]}"
    check_re response "$tmp/out" "${d[response]:-}"
    if [ "$status" != 200 ] && grep -q '"schemes":\[' "$tmp/out"; then fail "an error response with an answer"; fi
    # The server is still alive and well after the request, and stops cleanly.
    printf 'GET /healthz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n' > "$tmp/health"
    bounded "$tmp/out2" "$tmp/err2" -- "$client" "$port" "$tmp/health" 10
    head -n1 "$tmp/out2" | grep -q "STATUS 200" || fail "the server does not answer /healthz after the case"
    kill -TERM "$server_pid"
    wait "$server_pid"; src_rc=$?
    server_pid=""
    [ $src_rc -eq 0 ] || fail "the server exited with $src_rc after SIGTERM"
    grep -qE "ERROR: (Address|Leak|Undefined)Sanitizer|runtime error:" "$tmp/server.err" && fail "sanitizer report in the server"
    ;;

  *) fail "unknown channel '$channel'" ;;
esac
echo "ok $name ($channel, exit $rc)"
exit 0
