-- Mints access tokens: refreshes each seeded refresh token once and appends the access token of
-- every 200 answer to BENCH_MINT_OUT.<thread>. Used before logout-all (each logout-all needs a
-- live session of its own).
local common = dofile(os.getenv("BENCH_LUA_DIR") .. "/common.lua")
setup = common.setup
done = common.done
local tokens, step, out
function init(args)
  tokens = common.load_lines(os.getenv("BENCH_FILE"))
  step = tonumber(os.getenv("BENCH_THREADS") or "2")
  pos = (tid or 0) + 1
  out = io.open(os.getenv("BENCH_MINT_OUT") .. "." .. (tid or 0), "w")
end
function request()
  local t = common.next_line(tokens, step)
  if not t then return wrk.format("GET", "/bench-exhausted") end
  return wrk.format("POST", "/v1/auth/refresh", { ["Content-Type"] = "application/json" },
    '{"refresh_token":"' .. t .. '"}')
end
function response(status, headers, body)
  if status == 200 then
    local a = body:match('"access_token":"([^"]+)"')
    if a then out:write(a .. "\n"); out:flush() end
  end
end
