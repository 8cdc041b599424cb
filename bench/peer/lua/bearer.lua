-- GET PEER_PATH with a bearer access token from BENCH_FILE (one per line), round-robin per thread:
-- ours GET /v1/me (with its per-request DB check), Keycloak GET .../openid-connect/userinfo.
local common = dofile(os.getenv("BENCH_LUA_DIR") .. "/common.lua")
setup = common.setup
done = common.done
local tokens, i, n, path
function init(args)
  tokens = common.load_lines(os.getenv("BENCH_FILE"))
  n = #tokens
  i = (tid or 0) * 7919
  path = os.getenv("PEER_PATH")
end
function request()
  i = i + 1
  return wrk.format("GET", path, { ["Authorization"] = "Bearer " .. tokens[(i % n) + 1] })
end
