-- Puts one job on its tenant's stream (the caller is PoolClient.submit).
--
-- KEYS[1]  the tenant's job stream, KEYS[2] the set of tenants with a stream
-- ARGV[1]  the consumer group, ARGV[2] the tenant, ARGV[3..] the job's field, value pairs
--
-- Creates the stream and its group when missing (a new tenant, or a server that restarted
-- empty), so the job is never added to a stream no worker reads; then lists the tenant,
-- which is how workers find the stream. Returns the entry id. (Only this script creates a
-- stream, and always with its group: an existing stream has the group, and the common case
-- costs one EXISTS rather than a BUSYGROUP error built and caught per job.)

if redis.call("EXISTS", KEYS[1]) == 0 then
  local created = redis.pcall("XGROUP", "CREATE", KEYS[1], ARGV[1], "0", "MKSTREAM")
  if type(created) == "table" and created.err and not string.find(created.err, "^BUSYGROUP") then
    return redis.error_reply(created.err)
  end
end
local id = redis.call("XADD", KEYS[1], "*", unpack(ARGV, 3))
redis.call("SADD", KEYS[2], ARGV[2])
return id
