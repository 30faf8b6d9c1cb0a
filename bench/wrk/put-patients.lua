-- Single-patient PUT load for wrk (Debian's wrk 4.1): whole patient documents, half creates, half replaces.
--   dotnet run -c Release --project bench/LoadTool -- put-docs --url URL --out /tmp/put-docs.tsv   (prints a cohort id)
--   wrk -t2 -c16 -d60s --latency -s bench/wrk/put-patients.lua URL -- COHORT /tmp/put-docs.tsv RUN [minimal]
-- With a 4th argument "minimal" every PUT sends "Prefer: return=minimal" (no document echoed back).
-- A thread's even requests create patients <RUN>-<thread>-<k> from document variant 0; its odd requests replace the
-- patient created 64 requests earlier with variant 1 (different values, same records by sourceId), long finished
-- at 16 connections, so no two requests race for one patient.
-- The documents are generated once by the load tool, so the generator spends almost no CPU per request.
local threads = {}

function setup(thread)
  thread:set("tid", #threads + 1)
  table.insert(threads, thread)
end

local docs, cohort, run, counter = {}, nil, nil, 0

function init(args)
  cohort, run = args[1], args[3] or "R"
  for line in io.lines(args[2]) do
    local created, replaced = line:match("^(.-)\t(.*)$")
    docs[#docs + 1] = { created, replaced }
  end
  wrk.headers["Content-Type"] = "application/json"
  -- A bearer token from the environment (bench/wrk/common.sh exports HCC_TOKEN).
  if os.getenv("HCC_TOKEN") then
    wrk.headers["Authorization"] = "Bearer " .. os.getenv("HCC_TOKEN")
  end
  if args[4] == "minimal" then
    wrk.headers["Prefer"] = "return=minimal"
  end
end

function request()
  local n = math.floor(counter / 2)
  local variant = counter % 2 + 1
  if variant == 2 then
    n = n - 32
    if n < 0 then
      n, variant = -n + 1000000, 1
    end
  end
  counter = counter + 1
  local path = "/api/v1/cohorts/" .. cohort .. "/patients/" .. run .. "-" .. tid .. "-" .. n
  return wrk.format("PUT", path, nil, docs[n % #docs + 1][variant])
end
