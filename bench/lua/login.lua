-- POST /v1/auth/login for bench users ("email slug" per line), round-robin per thread.
local common = dofile(os.getenv("BENCH_LUA_DIR") .. "/common.lua")
setup = common.setup
done = common.done
local logins, i, n, password
function init(args)
  logins = common.load_lines(os.getenv("BENCH_FILE"))
  n = #logins
  i = (tid or 0) * 104729
  password = os.getenv("BENCH_PASSWORD")
end
function request()
  i = i + 1
  local email, slug = logins[(i % n) + 1]:match("(%S+) (%S+)")
  return wrk.format("POST", "/v1/auth/login", { ["Content-Type"] = "application/json" },
    '{"email":"' .. email .. '","password":"' .. password .. '","tenant":"' .. slug .. '"}')
end
