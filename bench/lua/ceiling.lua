package.path = package.path .. ";" .. os.getenv("LUA_DIR") .. "/?.lua"
local c = require("common")
setup, response, done = c.setup, c.response, c.done
local body
init = function() body = c.post(nil, "{ __typename }") end
request = function() return body end
