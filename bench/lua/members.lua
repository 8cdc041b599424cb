-- GET BENCH_PATH (a members page of the largest tenant) with the owner's access token (BENCH_TOKEN).
local common = dofile(os.getenv("BENCH_LUA_DIR") .. "/common.lua")
setup = common.setup
done = common.done
local path, auth
function init(args)
  path = os.getenv("BENCH_PATH")
  auth = "Bearer " .. os.getenv("BENCH_TOKEN")
end
function request()
  return wrk.format("GET", path, { ["Authorization"] = auth })
end
