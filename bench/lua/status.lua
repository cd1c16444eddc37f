-- activitiesCompletionStatus of a student, as that student, cycling through all students.
package.path = package.path .. ";" .. os.getenv("LUA_DIR") .. "/?.lua"
local c = require("common")
setup, response, done = c.setup, c.response, c.done
request = function()
  local token, user = c.student(c.next() % c.users + 1)
  return c.post(token, "{ activitiesCompletionStatus(courseId: " .. c.course .. ", userId: " .. user
    .. ") { statuses { activityId state completedAt viewed isOverallComplete conditions { rule status } } } }")
end
