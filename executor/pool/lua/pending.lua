-- Which of the given job streams have jobs delivered and not yet acknowledged (the caller is
-- Janitor.tick): only those can hold a dead worker's jobs, so only they are worth an
-- XAUTOCLAIM. One round trip for every tenant, instead of a claim per tenant per tick.
--
-- KEYS     job streams; ARGV[1] the consumer group
-- Returns the 1-based positions (in KEYS) of the streams with pending entries.

local found = {}
for i, stream in ipairs(KEYS) do
  local ok, summary = pcall(redis.call, "XPENDING", stream, ARGV[1])
  if ok and summary[1] > 0 then
    found[#found + 1] = i
  end
end
return found
