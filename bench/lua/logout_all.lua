-- POST /v1/auth/logout-all, each access token (own user, own session) used once.
local common = dofile(os.getenv("BENCH_LUA_DIR") .. "/common.lua")
setup = common.setup
done = common.done
local tokens, step
function init(args)
  tokens, step = common.init_pool()
end
function request()
  return common.one_shot(tokens, step, function(t)
    return wrk.format("POST", "/v1/auth/logout-all", { ["Authorization"] = "Bearer " .. t })
  end)
end
