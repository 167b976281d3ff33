#!/usr/bin/env bash
# The engine is pure: no YAML, JSON, HTTP, SQL or logging library, no I/O, no clock.
set -u
root=$1
bad=$(grep -rnE '#include *[<"](yaml-cpp|boost/json|boost/beast|boost/asio|SQLiteCpp|sqlite3|spdlog|fstream|iostream|filesystem|cstdio)' "$root/engine" || true)
clock=$(grep -rnE 'system_clock|steady_clock|std::time\(|getenv' "$root/engine" || true)
if [ -n "$bad$clock" ]; then echo "engine/ must stay pure:"; echo "$bad"; echo "$clock"; exit 1; fi
echo "engine/ includes no adapter library, no I/O and no clock"
