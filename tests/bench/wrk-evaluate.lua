-- wrk script: POST /v1/evaluate with JSON profile bodies (scripts/bench.sh).
--
--   wrk -t1 -c8 -d10s --latency -s tests/bench/wrk-evaluate.lua http://127.0.0.1:PORT -- A.json [B.json ...]
--
-- Each request sends the next body file in turn (Content-Type: application/json, as
-- adapters/http/src/handler.cpp requires). At the end one line is printed for scripts to read:
--   RESULT requests=N seconds=S rps=R p50_ms=X p99_ms=Y non2xx=K errors=E

local bodies = {}
local next_body = 1

function init(args)
  for _, path in ipairs(args) do
    local f = assert(io.open(path, "rb"))
    bodies[#bodies + 1] = f:read("*a")
    f:close()
  end
  assert(#bodies > 0, "give the JSON body files after --")
end

function request()
  local body = bodies[next_body]
  next_body = next_body % #bodies + 1
  return wrk.format("POST", "/v1/evaluate", {["Content-Type"] = "application/json"}, body)
end

function done(summary, latency, requests)
  local seconds = summary.duration / 1e6
  local e = summary.errors
  io.write(string.format(
    "RESULT requests=%d seconds=%.2f rps=%.1f p50_ms=%.3f p99_ms=%.3f non2xx=%d errors=%d\n",
    summary.requests, seconds, summary.requests / seconds,
    latency:percentile(50) / 1000, latency:percentile(99) / 1000,
    e.status, e.connect + e.read + e.write + e.timeout))
end
