-- Shared by the scenarios. Students are seeded with tokens "bench-student-<n>" (n = 1..USERS)
-- and user ids STUDENT_BASE + n; the teacher's token is "bench-teacher".
local M = {}

M.users = tonumber(os.getenv("USERS") or "1000")
M.student_base = tonumber(os.getenv("STUDENT_BASE") or "0")
M.course = os.getenv("COURSE") or "1"

function M.ids(name)
  local list = {}
  for id in string.gmatch(os.getenv(name) or "", "[^,]+") do list[#list + 1] = id end
  return list
end

-- A GraphQL POST; the query must not contain double quotes.
function M.post(token, query)
  return wrk.format("POST", "/graphql",
    { ["Content-Type"] = "application/json", ["Authorization"] = token and ("Bearer " .. token) or nil },
    '{"query":"' .. query .. '"}')
end

function M.student(n) return "bench-student-" .. n, M.student_base + n end

-- Threads get disjoint sequences: thread t of T sees t, t+T, t+2T, ...
local threads = {}
function M.setup(thread)
  thread:set("tid", #threads)
  threads[#threads + 1] = thread
  thread:set("tcount", tonumber(os.getenv("THREADS") or "2"))
end

-- A GraphQL error comes with HTTP 200: each thread counts the answers carrying one, and done()
-- prints the total ("GraphQL errors: n"), which bench/run.sh adds to the non-2xx answers.
-- SmallRye writes "errors" before "data", so the start of the body tells: searching a whole
-- report page (123 kB) for it cost wrk about a fifth of a core, on the cores it shares with the
-- service (measured 2026-11 with wrk -t2 -c64 under /usr/bin/time: 1.6-2.1 s of user CPU per 10 s run
-- searching the whole body, 0.2-0.3 s comparing the first 10 bytes).
graphql_errors = 0
function M.response(status, headers, body)
  if string.sub(body, 1, 10) == '{"errors":' then graphql_errors = graphql_errors + 1 end
end

function M.done()
  local n = 0
  for _, thread in ipairs(threads) do n = n + (thread:get("graphql_errors") or 0) end
  io.write("GraphQL errors: " .. n .. "\n")
end

local n = 0
function M.next()
  local value = n * tcount + tid
  n = n + 1
  return value
end

return M
