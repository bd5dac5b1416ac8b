-- wrk script: bench/push/put.lua's PUTs, each wrk thread sending to its own member. MEMBERS is a
-- space-separated list of host:port; thread i connects to member i mod #MEMBERS (run wrk with -t
-- a multiple of #MEMBERS so the connections split evenly). put.lua itself picks the groups.
local here = debug.getinfo(1, "S").source:sub(2):match("(.*/)") or "./"
dofile(here .. "../push/put.lua")

local members = {}
for m in (os.getenv("MEMBERS") or ""):gmatch("%S+") do members[#members + 1] = m end

local put_setup = setup
local count = 0
function setup(thread)
  put_setup(thread)
  local host, port = members[count % #members + 1]:match("([^:]+):(%d+)")
  thread.addr = wrk.lookup(host, port)[1]
  count = count + 1
end
