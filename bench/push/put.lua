-- wrk script: PUT a group of three series to /metrics/job/bench/instance/<n>, n cycling over
-- PUSH_GROUPS groups (not GROUPS: bash ignores assignments to that name). Each wrk thread takes
-- every THREADS-th group, so together they cover all of them. PUSH_OFFSET (default 0) is the
-- group the run begins at, so that runs filling a store can go on where the last one stopped.
local groups = tonumber(os.getenv("PUSH_GROUPS") or "1000")
local nthreads = tonumber(os.getenv("THREADS") or "2")
local offset = tonumber(os.getenv("PUSH_OFFSET") or "0")

local next_id = 0
function setup(thread)
  thread:set("id", next_id)
  next_id = next_id + 1
end

local n, sent
function init(args)
  n = offset + id
  sent = 0
end

local headers = { ["Content-Type"] = "text/plain; version=0.0.4" }

function request()
  local g = n % groups
  n = n + nthreads
  sent = sent + 1
  local body = "# TYPE bench_runs_total counter\nbench_runs_total " .. sent ..
      "\n# TYPE bench_last_seconds gauge\nbench_last_seconds 1.7e9\n# TYPE bench_items gauge\nbench_items{kind=\"a\"} " .. g .. "\n"
  return wrk.format("PUT", "/metrics/job/bench/instance/" .. g, headers, body)
end
