-- Answers one job (the caller is JobRunner._publish): the result first, then the ack.
--
-- KEYS[1]  the job's result list, KEYS[2] the tenant's job stream, KEYS[3] the worker's hash
-- ARGV[1]  the result (JSON), ARGV[2] its expiry in seconds, ARGV[3] the consumer group,
-- ARGV[4]  the stream entry id, ARGV[5] the worker entry's expiry in seconds,
-- ARGV[6]  the worker's consumer name
--
-- One script rather than a MULTI of six commands: one command to encode and one reply to
-- parse on the worker's hot path, and still all or nothing. Acknowledged entries are
-- deleted: the stream holds only jobs not yet answered, so it never needs trimming
-- (trimming could drop a pending job).

-- Only the entry's owner answers. A worker cut off from Redis longer than the claim idle
-- time finds its job claimed and run by another worker; its own answer (often a failed
-- store_unavailable) must not reach the caller first. Returns 0 when it is not the owner.
local pending = redis.call("XPENDING", KEYS[2], ARGV[3], ARGV[4], ARGV[4], 1)
if not pending[1] or pending[1][2] ~= ARGV[6] then
  return 0
end
redis.call("RPUSH", KEYS[1], ARGV[1])
redis.call("EXPIRE", KEYS[1], ARGV[2])
redis.call("XACK", KEYS[2], ARGV[3], ARGV[4])
redis.call("XDEL", KEYS[2], ARGV[4])
redis.call("HINCRBY", KEYS[3], "jobs", 1)
redis.call("EXPIRE", KEYS[3], ARGV[5])
return 1
