-- recordView of (student, page) pairs never viewed: students FIRST..LAST x pages 2..n, each pair once.
package.path = package.path .. ";" .. os.getenv("LUA_DIR") .. "/?.lua"
local c = require("common")
local pages = c.ids("PAGES")
local first = tonumber(os.getenv("FIRST") or "1")
local span = tonumber(os.getenv("SPAN") or "1000")
setup, response, done = c.setup, c.response, c.done
request = function()
  local i = c.next()
  local page = pages[2 + (math.floor(i / span) % (#pages - 1))]
  local token = c.student(first + i % span)
  return c.post(token, "mutation { recordView(activityId: " .. page .. ") { state viewed } }")
end
