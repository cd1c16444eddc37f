-- recordView of a page the student viewed already (seeded), cycling through students.
package.path = package.path .. ";" .. os.getenv("LUA_DIR") .. "/?.lua"
local c = require("common")
local pages = c.ids("PAGES")
setup, response, done = c.setup, c.response, c.done
request = function()
  local token = c.student(c.next() % c.users + 1)
  return c.post(token, "mutation { recordView(activityId: " .. pages[1] .. ") { state viewed } }")
end
