-- PostGraphile serving the same rows as the status query, from the same tables.
package.path = package.path .. ";" .. os.getenv("LUA_DIR") .. "/?.lua"
local c = require("common")
setup, response, done = c.setup, c.response, c.done
request = function()
  local _, user = c.student(c.next() % c.users + 1)
  -- PostGraphile takes bigint ids as strings: \" is an escaped quote inside the JSON body.
  return c.post(nil, "{ courseById(id: \\\"" .. c.course .. "\\\") { activitiesByCourseId(orderBy: SORT_ORDER_ASC) {"
    .. " nodes { id modName instance completionsByActivityId(condition: {userId: \\\"" .. user .. "\\\"}) { nodes { state viewed"
    .. " timeModified overriddenBy } } } } } }")
end
