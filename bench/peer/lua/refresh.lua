-- Refresh as a client does it with rotation: every refresh token is used once, and the refresh
-- token of each response is the one sent next. wrk gives one Lua state per thread, not per
-- connection, so each thread keeps a FIFO of unused refresh tokens: it starts with its share of
-- BENCH_FILE (thread k takes lines k, k+T, ...; at least one per connection, BENCH_THREADS = wrk -t),
-- request() takes the oldest, response() appends the new one of a 200. A connection's chain ends
-- only on a failed refresh (non-2xx, counted by wrk); a thread whose FIFO is empty sends
-- /bench-exhausted (404) and stops. The same script serves both services:
--   PEER_SIDE=ours      POST PEER_PATH {"refresh_token": ...}
--   PEER_SIDE=keycloak  POST PEER_PATH grant_type=refresh_token (confidential client)
-- Keycloak's default (revokeRefreshToken=false) would accept one token forever; chaining is what
-- a client does anyway and is the only way that works with rotation on, so both rows use it.
local common = dofile(os.getenv("BENCH_LUA_DIR") .. "/common.lua")
setup = common.setup
function done(summary, latency, requests) return common.done(summary, latency, requests) end
local fifo, head, tail, side, path, cid, csecret
function init(args)
  local lines = common.load_lines(os.getenv("BENCH_FILE"))
  local step = tonumber(os.getenv("BENCH_THREADS") or "2")
  fifo, head, tail = {}, 1, 0
  for k = (tid or 0) + 1, #lines, step do tail = tail + 1; fifo[tail] = lines[k] end
  pos = tail -- for common.done's "next" (unused here)
  side = os.getenv("PEER_SIDE")
  path = os.getenv("PEER_PATH")
  cid = os.getenv("PEER_CLIENT_ID") or ""
  csecret = os.getenv("PEER_CLIENT_SECRET") or ""
end
function request()
  if not t_first then t_first = common.now_us() end
  if head > tail then
    if not t_end then t_end = common.now_us() end
    wrk.thread:stop()
    return wrk.format("GET", "/bench-exhausted")
  end
  local t = fifo[head]; fifo[head] = nil; head = head + 1
  if side == "ours" then
    return wrk.format("POST", path, { ["Content-Type"] = "application/json" },
      '{"refresh_token":"' .. t .. '"}')
  end
  return wrk.format("POST", path, { ["Content-Type"] = "application/x-www-form-urlencoded" },
    "grant_type=refresh_token&client_id=" .. cid .. "&client_secret=" .. csecret .. "&refresh_token=" .. t)
end
function response(status, headers, body)
  if status == 200 then
    local t = body:match('"refresh_token"%s*:%s*"([^"]+)"')
    if t then tail = tail + 1; fifo[tail] = t end
  end
end
