-- Shared by the scenario scripts (loaded with dofile). Environment:
--   BENCH_FILE   a file with one item per line (tokens, "email slug" pairs)
--   BENCH_RESULT where done() appends one machine-readable line
-- Each wrk thread gets an id in setup(); a thread walks the lines id, id+T, id+2T, ... so no line is
-- used by two threads. wrap=false scripts never reuse a line: when a thread runs out it sends
-- requests to /bench-exhausted (404, counted as non-2xx) so exhaustion shows up in the results.
local M = {}
local threads = {}
local counter = 0

function M.setup(thread)
  thread:set("tid", counter)
  counter = counter + 1
  thread:set("nthreads_hint", 0)
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
  local non2xx = 0
  local e = summary.errors
  local out = os.getenv("BENCH_RESULT")
  local line = string.format("requests=%d duration_us=%d rps=%.1f p50_ms=%.3f p90_ms=%.3f p99_ms=%.3f max_ms=%.3f mean_ms=%.3f connect_err=%d read_err=%d write_err=%d timeout_err=%d status_err=%d",
    summary.requests, summary.duration, summary.requests / (summary.duration / 1e6),
    latency:percentile(50) / 1000, latency:percentile(90) / 1000, latency:percentile(99) / 1000,
    latency.max / 1000, latency.mean / 1000,
    e.connect, e.read, e.write, e.timeout, e.status)
  io.write(line .. "\n")
  if out then
    local f = io.open(out, "a"); f:write(line .. "\n"); f:close()
  end
end

return M
