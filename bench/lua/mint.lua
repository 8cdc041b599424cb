-- Mints access tokens: refreshes each seeded refresh token once and appends the access token of
-- every 200 answer to BENCH_MINT_OUT.<thread>. Used before logout-all (each logout-all needs a
-- live session of its own).
local common = dofile(os.getenv("BENCH_LUA_DIR") .. "/common.lua")
setup = common.setup
done = common.done
local tokens, step, out
function init(args)
  tokens, step = common.init_pool()
  out = io.open(os.getenv("BENCH_MINT_OUT") .. "." .. (tid or 0), "w")
end
function request()
  return common.one_shot(tokens, step, common.refresh)
end
function response(status, headers, body)
  if status == 200 then
    local a = body:match('"access_token":"([^"]+)"')
    if a then out:write(a .. "\n"); out:flush() end
  end
end
