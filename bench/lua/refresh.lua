-- POST /v1/auth/refresh, every refresh token used exactly once (thread k takes lines k, k+T, ...).
-- BENCH_THREADS must equal wrk -t. An exhausted thread stops (see common.next_line).
local common = dofile(os.getenv("BENCH_LUA_DIR") .. "/common.lua")
setup = common.setup
done = common.done
local tokens, step
function init(args)
  tokens, step = common.init_pool()
end
function request()
  return common.one_shot(tokens, step, common.refresh)
end
