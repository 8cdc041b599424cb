-- Mixed traffic for bench/soak: 80% GET /v1/me, 15% refresh, 5% login, paced per connection.
-- Reads the pool written by bench/soak: one line per account "email<TAB>tenant<TAB>access<TAB>refresh".
-- Each refresh token is used once: it is taken from this thread's queue and its successor, read
-- from the response body, is put back.

local pace_ms = tonumber(os.getenv("SOAK_DELAY_MS") or "80")
local password = os.getenv("SOAK_PASSWORD")
local pool_file = os.getenv("SOAK_POOL")
local nthreads = tonumber(os.getenv("SOAK_THREADS") or "2")

local threads = {}

function setup(thread)
  thread:set("id", #threads + 1)
  table.insert(threads, thread)
end

function init(args)
  accounts, refresh = {}, {}
  local n = 0
  for line in io.lines(pool_file) do
    n = n + 1
    local email, tenant, access, rt = line:match("([^\t]+)\t([^\t]+)\t([^\t]+)\t([^\t]+)")
    table.insert(accounts, { email = email, tenant = tenant, access = access })
    -- split refresh tokens between threads so that no two threads ever hold the same one
    if (n % nthreads) == (id % nthreads) then table.insert(refresh, rt) end
  end
  math.randomseed(os.time() + id)
  kinds, statuses = { me = 0, refresh = 0, login = 0 }, {}
end

function delay()
  return pace_ms
end

function request()
  local r = math.random(100)
  if r <= 15 and #refresh > 0 then
    kinds.refresh = kinds.refresh + 1
    local rt = table.remove(refresh, 1)
    return wrk.format("POST", "/v1/auth/refresh", { ["Content-Type"] = "application/json" },
      '{"refresh_token":"' .. rt .. '"}')
  elseif r <= 20 then
    kinds.login = kinds.login + 1
    local a = accounts[math.random(#accounts)]
    return wrk.format("POST", "/v1/auth/login", { ["Content-Type"] = "application/json" },
      '{"email":"' .. a.email .. '","password":"' .. password .. '","tenant":"' .. a.tenant .. '"}')
  else
    kinds.me = kinds.me + 1
    local a = accounts[math.random(#accounts)]
    return wrk.format("GET", "/v1/me", { ["Authorization"] = "Bearer " .. a.access })
  end
end

function response(status, headers, body)
  statuses[status] = (statuses[status] or 0) + 1
  if status == 200 and body then
    local rt = body:match('"refresh_token":"([^"]+)"')
    -- a login answer also carries a refresh token: it starts a fresh chain, also used once
    if rt then table.insert(refresh, rt) end
  end
end

function done(summary, latency, requests)
  local totals, mix = {}, { me = 0, refresh = 0, login = 0 }
  for _, t in ipairs(threads) do
    local s = t:get("statuses")
    for code, n in pairs(s) do totals[code] = (totals[code] or 0) + n end
    local k = t:get("kinds")
    for kind, n in pairs(k) do mix[kind] = mix[kind] + n end
  end
  local errors = 0
  io.write("soak: statuses")
  for code, n in pairs(totals) do
    io.write(string.format(" %d=%d", code, n))
    if code >= 400 then errors = errors + n end
  end
  io.write(string.format("\nsoak: mix me=%d refresh=%d login=%d\n", mix.me, mix.refresh, mix.login))
  io.write(string.format("soak: requests=%d errors=%d socket_errors=%d p50=%.2fms p99=%.2fms max=%.2fms rate=%.1f/s\n",
    summary.requests, errors + summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout,
    summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout,
    latency:percentile(50) / 1000, latency:percentile(99) / 1000, latency.max / 1000,
    summary.requests / (summary.duration / 1e6)))
end
