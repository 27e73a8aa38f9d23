-- Takes up to N jobs for one worker, one per tenant, from the first streams (in the order
-- given) that have a job nobody was given yet (the caller is Reader.step).
--
-- KEYS     the eligible tenants' job streams, rotated so that the tenant after the last one
--          served comes first
-- ARGV[1]  the consumer group, ARGV[2] the worker's consumer name, ARGV[3] N
--
-- One round trip instead of one per stream: with many tenants and few free threads, looking
-- through the streams from the client cost a round trip per (mostly empty) stream. Returns
-- {stream, entry id, {field, value, ...}} per job taken.

local taken = {}
local want = tonumber(ARGV[3])
for _, stream in ipairs(KEYS) do
  local reply = redis.call("XREADGROUP", "GROUP", ARGV[1], ARGV[2], "COUNT", 1,
                           "STREAMS", stream, ">")
  if reply and reply[1] and reply[1][2][1] then
    local entry = reply[1][2][1]
    taken[#taken + 1] = {stream, entry[1], entry[2]}
    if #taken >= want then break end
  end
end
return taken
