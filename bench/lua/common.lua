-- Shared by the scenario scripts (loaded with dofile). Environment:
--   BENCH_FILE   a file with one item per line (tokens, "email slug" pairs)
--   BENCH_RESULT where done() appends one machine-readable line
-- Each wrk thread gets an id in setup(); a thread walks the lines id, id+T, id+2T, ... so no line is
-- used by two threads. wrap=false scripts never reuse a line: when a thread runs out it sends
-- requests to /bench-exhausted (404, counted as non-2xx) so exhaustion shows up in the results.
local M = {}
local ffi = require("ffi")
ffi.cdef[[
typedef struct { long tv_sec; long tv_usec; } bench_timeval;
int gettimeofday(bench_timeval *tv, void *tz);
]]
local tv = ffi.new("bench_timeval")
function M.now_us()
  ffi.C.gettimeofday(tv, nil)
  return tonumber(tv.tv_sec) * 1e6 + tonumber(tv.tv_usec)
end

-- For one-shot pools: the next line, or nil after stopping this thread (pool exhausted). The
-- thread's first request and exhaustion times go to globals t_first/t_end so done() can compute
-- the rate over the time the pool lasted instead of the whole duration.
function M.next_line(lines, step)
  if not t_first then t_first = M.now_us() end
  local t = lines[pos]
  pos = pos + step
  if not t then
    if not t_end then t_end = M.now_us() end
    wrk.thread:stop()
  end
  return t
end

-- For one-shot pools, called from init(): this thread's first line, and the walk's step (the
-- thread count; BENCH_THREADS must equal wrk -t). Returns the lines and the step.
function M.init_pool()
  pos = (tid or 0) + 1
  return M.load_lines(os.getenv("BENCH_FILE")), tonumber(os.getenv("BENCH_THREADS") or "2")
end

-- For one-shot pools, called from request(): build(line) for the next line, or, once this
-- thread's share is used up, a request to /bench-exhausted while the thread stops.
function M.one_shot(lines, step, build)
  local t = M.next_line(lines, step)
  if not t then return wrk.format("GET", "/bench-exhausted") end
  return build(t)
end

-- POST /v1/auth/refresh with one refresh token (the refresh scenario, and minting for logout-all).
function M.refresh(token)
  return wrk.format("POST", "/v1/auth/refresh", { ["Content-Type"] = "application/json" },
    '{"refresh_token":"' .. token .. '"}')
end

local threads = {}
local counter = 0

function M.setup(thread)
  thread:set("tid", counter)
  counter = counter + 1
  table.insert(threads, thread)
end

function M.load_lines(path)
  local lines = {}
  local f = assert(io.open(path, "r"), "cannot open " .. tostring(path))
  for line in f:lines() do
    if line ~= "" then lines[#lines + 1] = line end
  end
  f:close()
  return lines
end

function M.done(summary, latency, requests)
  local e = summary.errors
  -- one-shot pool exhausted before the end: rate over the time the pool lasted
  local dur = summary.duration
  local exhausted = 0
  local tmin, tmax = nil, nil
  for _, t in ipairs(threads) do
    local a, b = t:get("t_first"), t:get("t_end")
    if b then exhausted = exhausted + 1 end
    if a and (not tmin or a < tmin) then tmin = a end
    if b and (not tmax or b > tmax) then tmax = b end
  end
  if exhausted == #threads and tmin and tmax and tmax > tmin then dur = tmax - tmin end
  local out = os.getenv("BENCH_RESULT")
  local line = string.format("requests=%d duration_us=%d rps=%.1f p50_ms=%.3f p90_ms=%.3f p99_ms=%.3f max_ms=%.3f mean_ms=%.3f connect_err=%d read_err=%d write_err=%d timeout_err=%d status_err=%d",
    summary.requests, dur, summary.requests / (dur / 1e6),
    latency:percentile(50) / 1000, latency:percentile(90) / 1000, latency:percentile(99) / 1000,
    latency.max / 1000, latency.mean / 1000,
    e.connect, e.read, e.write, e.timeout, e.status)
  -- next unused line for the walking scripts (global pos of each thread)
  local nxt = 0
  for _, t in ipairs(threads) do
    local p = t:get("pos")
    if p and p > nxt then nxt = p end
  end
  line = line .. " next=" .. nxt .. " exhausted_threads=" .. exhausted
  io.write(line .. "\n")
  if out then
    local f = io.open(out, "a"); f:write(line .. "\n"); f:close()
  end
end

return M
