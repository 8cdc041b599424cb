-- Login for both services, one user per request, round-robin per thread over BENCH_FILE (one
-- email per line). PEER_SIDE=ours: POST /v1/auth/login {"email","password","tenant"} with the
-- tenant slug PEER_TENANT_PREFIX..index; PEER_SIDE=keycloak: the password grant of a confidential
-- client at PEER_PATH (client id/secret in PEER_CLIENT_ID/PEER_CLIENT_SECRET), no "openid" scope
-- (access + refresh token, like ours: no ID token).
local common = dofile(os.getenv("BENCH_LUA_DIR") .. "/common.lua")
setup = common.setup
done = common.done
local users, i, n, password, side, path, cid, csecret
function init(args)
  users = common.load_lines(os.getenv("BENCH_FILE"))
  n = #users
  i = (tid or 0) * 104729
  password = os.getenv("BENCH_PASSWORD")
  side = os.getenv("PEER_SIDE")
  path = os.getenv("PEER_PATH")
  cid = os.getenv("PEER_CLIENT_ID")
  csecret = os.getenv("PEER_CLIENT_SECRET")
end
local function form(s) -- application/x-www-form-urlencoded value
  return (s:gsub("[^%w%-%._~]", function(c) return string.format("%%%02X", string.byte(c)) end))
end
function request()
  i = i + 1
  local email, slug = users[(i % n) + 1]:match("(%S+) (%S+)")
  if side == "ours" then
    return wrk.format("POST", path, { ["Content-Type"] = "application/json" },
      '{"email":"' .. email .. '","password":"' .. password .. '","tenant":"' .. slug .. '"}')
  end
  return wrk.format("POST", path, { ["Content-Type"] = "application/x-www-form-urlencoded" },
    "grant_type=password&client_id=" .. form(cid) .. "&client_secret=" .. form(csecret) ..
    "&username=" .. form(email) .. "&password=" .. form(password))
end
