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
local threads = 0
function M.setup(thread)
  thread:set("tid", threads)
  threads = threads + 1
  thread:set("tcount", tonumber(os.getenv("THREADS") or "2"))
end

local n = 0
function M.next()
  local value = n * tcount + tid
  n = n + 1
  return value
end

return M
