-- Answers one job (the caller is JobRunner._publish): the result first, then the ack.
--
-- KEYS[1]  the job's result list, KEYS[2] the tenant's job stream, KEYS[3] the worker's hash
-- ARGV[1]  the result (JSON), ARGV[2] its expiry in seconds, ARGV[3] the consumer group,
-- ARGV[4]  the stream entry id, ARGV[5] the worker entry's expiry in seconds
--
-- One script rather than a MULTI of six commands: one command to encode and one reply to
-- parse on the worker's hot path, and still all or nothing. Acknowledged entries are
-- deleted: the stream holds only jobs not yet answered, so it never needs trimming
-- (trimming could drop a pending job).

redis.call("RPUSH", KEYS[1], ARGV[1])
redis.call("EXPIRE", KEYS[1], ARGV[2])
redis.call("XACK", KEYS[2], ARGV[3], ARGV[4])
redis.call("XDEL", KEYS[2], ARGV[4])
redis.call("HINCRBY", KEYS[3], "jobs", 1)
redis.call("EXPIRE", KEYS[3], ARGV[5])
return 1
