-- POST /v1/auth/refresh in chains: each wrk thread holds a queue of live refresh tokens (its share of
-- BENCH_FILE, more than its connections); request() takes one, response() puts the rotated token
-- back. A failed refresh drops its chain; an empty queue sends /bench-exhausted (404). done() writes
-- the chains' current tokens to BENCH_CHAIN_OUT, so the next run continues them (a chain whose
-- request was still in flight when wrk stopped is lost: its token may have rotated).
local common = dofile(os.getenv("BENCH_LUA_DIR") .. "/common.lua")
local mine = {}
function setup(thread)
  common.setup(thread)
  table.insert(mine, thread)
end
function init(args)
  local lines = common.load_lines(os.getenv("BENCH_FILE"))
  local step = tonumber(os.getenv("BENCH_THREADS") or "2")
  queue, head, tail = {}, 1, 0
  for k = (tid or 0) + 1, #lines, step do tail = tail + 1; queue[tail] = lines[k] end
end
function request()
  if head > tail then return wrk.format("GET", "/bench-exhausted") end
  local t = queue[head]; queue[head] = nil; head = head + 1
  return common.refresh(t)
end
function response(status, headers, body)
  if status == 200 then
    local t = string.match(body, '"refresh_token":"([^"]+)"')
    if t then tail = tail + 1; queue[tail] = t end
  end
end
function done(summary, latency, requests)
  common.done(summary, latency, requests)
  local out = os.getenv("BENCH_CHAIN_OUT")
  if not out then return end
  local f = assert(io.open(out, "w"))
  for _, t in ipairs(mine) do
    local q, h, l = t:get("queue"), t:get("head"), t:get("tail")
    for k = h, l do if q[k] then f:write(q[k] .. "\n") end end
  end
  f:close()
end
