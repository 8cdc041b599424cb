-- POST /v1/auth/refresh, every refresh token used exactly once (thread k takes lines k, k+T, ...).
-- BENCH_THREADS must equal wrk -t. An exhausted thread stops (see common.next_line).
local common = dofile(os.getenv("BENCH_LUA_DIR") .. "/common.lua")
setup = common.setup
done = common.done
local tokens, step
function init(args)
  tokens = common.load_lines(os.getenv("BENCH_FILE"))
  step = tonumber(os.getenv("BENCH_THREADS") or "2")
  pos = (tid or 0) + 1
end
function request()
  local t = common.next_line(tokens, step)
  if not t then return wrk.format("GET", "/bench-exhausted") end
  return wrk.format("POST", "/v1/auth/refresh", { ["Content-Type"] = "application/json" },
    '{"refresh_token":"' .. t .. '"}')
end
