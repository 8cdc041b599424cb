-- POST /v1/auth/logout-all, each access token (own user, own session) used once.
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
  return wrk.format("POST", "/v1/auth/logout-all", { ["Authorization"] = "Bearer " .. t })
end
