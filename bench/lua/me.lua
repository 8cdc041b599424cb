-- GET /v1/me over a pool of access tokens (many users and tenants), round-robin per thread.
local common = dofile(os.getenv("BENCH_LUA_DIR") .. "/common.lua")
setup = common.setup
done = common.done
local tokens, i, n
function init(args)
  tokens = common.load_lines(os.getenv("BENCH_FILE"))
  n = #tokens
  i = (tid or 0) * 7919
end
function request()
  i = i + 1
  return wrk.format("GET", "/v1/me", { ["Authorization"] = "Bearer " .. tokens[(i % n) + 1] })
end
