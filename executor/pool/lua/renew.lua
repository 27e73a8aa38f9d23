-- Renews the leases of the jobs one worker holds (the caller is Janitor.renew_leases).
--
-- KEYS[1]  a tenant's job stream
-- ARGV[1]  the consumer group, ARGV[2] the worker's consumer name, ARGV[3..] entry ids
--
-- Resets the idle time of each entry the worker still owns: XCLAIM ... JUSTID by the owner
-- resets it without counting a delivery. An entry that another worker claimed meanwhile
-- (this one was presumed dead) is left alone: claiming it back would run it twice at once.
-- Returns how many leases were renewed.

local renewed = 0
for i = 3, #ARGV do
  local pending = redis.call("XPENDING", KEYS[1], ARGV[1], ARGV[i], ARGV[i], 1)
  if pending[1] and pending[1][2] == ARGV[2] then
    redis.call("XCLAIM", KEYS[1], ARGV[1], ARGV[2], 0, ARGV[i], "JUSTID")
    renewed = renewed + 1
  end
end
return renewed
