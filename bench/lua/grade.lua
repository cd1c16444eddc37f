-- The teacher grades students in the assignments, grades cycling between fail and pass.
package.path = package.path .. ";" .. os.getenv("LUA_DIR") .. "/?.lua"
local c = require("common")
local assigns = c.ids("ASSIGNS")
setup, response, done = c.setup, c.response, c.done
request = function()
  local i = c.next()
  local _, user = c.student(i % c.users + 1)
  local activity = assigns[1 + math.floor(i / c.users) % #assigns]
  return c.post("bench-teacher", "mutation { setGrade(activityId: " .. activity .. ", userId: " .. user
    .. ", grade: " .. (i * 7 % 100) .. ") { state } }")
end
