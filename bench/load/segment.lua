-- wrk script: Segment-style POST bodies built per request (same shape as bench/lib/bodies.ts).
-- Env: BENCH_PATH (/v1/track | /v1/batch), BENCH_EVENTS (events per request), BENCH_USERS, BENCH_AUTH,
-- BENCH_TAG (unique per wrk run, keeps messageIds unique), BENCH_TS (ISO timestamp).
-- done() prints one line "BENCH_JSON {...}" with counts and latency percentiles in microseconds.
local path = os.getenv("BENCH_PATH") or "/v1/track"
local nevents = tonumber(os.getenv("BENCH_EVENTS") or "1")
local users = tonumber(os.getenv("BENCH_USERS") or "10000")
local auth = os.getenv("BENCH_AUTH") or ""
local tag = os.getenv("BENCH_TAG") or "run"
local ts = os.getenv("BENCH_TS") or "2026-01-01T00:00:00.000Z"
local names = { "Order Completed", "Page Viewed", "Signed In", "Feature Used", "Project Created", "Invite Sent" }
local headers = { ["Content-Type"] = "application/json", ["Authorization"] = auth }

local threads = {}
function setup(thread)
  table.insert(threads, thread)
  thread:set("tid", #threads)
end

sent = 0
local seq = 0

function init(args)
  math.randomseed(os.time() * 1000 + (tid or 0))
end

local function event(i)
  local user = math.random(1, users)
  return '{"type":"track","userId":"user-' .. user .. '","event":"' .. names[((seq + i) % #names) + 1] ..
    '","properties":{"order_id":"o_' .. user ..
    '","revenue":42.5,"currency":"USD","plan":"pro","path":"/checkout/complete"},' ..
    '"context":{"ip":"203.0.113.7","userAgent":"Mozilla/5.0 (X11; Linux x86_64)","library":{"name":"@segment/analytics-node",' ..
    '"version":"3.1.0"}},"timestamp":"' .. ts .. '","messageId":"' .. tag .. '-' .. (tid or 0) .. '-' .. seq .. '-' .. i ..
    '","integrations":{}}'
end

function request()
  seq = seq + 1
  sent = sent + 1
  local body
  if nevents == 1 then
    body = event(0)
  else
    local evs = {}
    for i = 1, nevents do evs[i] = event(i - 1) end
    body = '{"batch":[' .. table.concat(evs, ",") .. ']}'
  end
  return wrk.format("POST", path, headers, body)
end

function done(summary, latency, requests)
  local total = 0
  for _, t in ipairs(threads) do total = total + (t:get("sent") or 0) end
  local e = summary.errors
  io.write(string.format(
    'BENCH_JSON {"requests":%d,"duration_us":%d,"status":%d,"connect":%d,"read":%d,"write":%d,"timeout":%d,' ..
    '"sent":%d,"p50":%d,"p90":%d,"p99":%d,"max":%d}\n',
    summary.requests, summary.duration, e.status, e.connect, e.read, e.write, e.timeout, total,
    latency:percentile(50), latency:percentile(90), latency:percentile(99), latency.max))
end
