-- The first page of 100 students x 50 activities of the teachers' report.
package.path = package.path .. ";" .. os.getenv("LUA_DIR") .. "/?.lua"
local c = require("common")
setup, response, done = c.setup, c.response, c.done
local body
init = function() body = c.post("bench-teacher", "{ courseCompletionReport(courseId: " .. c.course
  .. ", first: 100) { rows { user { id } progress completions { state } } endCursor hasNextPage } }") end
request = function() return body end
