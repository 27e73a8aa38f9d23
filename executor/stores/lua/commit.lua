-- Applies one execution's commit atomically (the caller is RedisStore.commit).
--
-- KEYS[1]  the namespace's cache hash: field -> msgpack [value, expires_at]
-- KEYS[2]  the state to consume, or "" for none: expires_at (big-endian int64) + payload
-- KEYS[3]  the state to create, or "" for none
-- KEYS[4]  the idempotency marker, or "" for none: expires_at (big-endian int64) + outcome
-- ARGV[1]  now, epoch ms: the caller's clock decides every expiry, never the server's
--          (Redis's own key expiry is set relative to it: PEXPIRE / PX expires_at - now)
-- ARGV[2]  the new state's value (expires_at + payload), ARGV[3] its expires_at
-- ARGV[4]  the marker's value (expires_at + outcome), ARGV[5] its expires_at
-- ARGV[6]  n, then n cache fields to delete,
--          then a triple (field, msgpack [value, expires_at], expires_at) per field to set
--
-- Returns 1 when applied, 0 when the state to consume is gone (unknown, expired or
-- consumed), or the earlier outcome (a string) when the marker exists: a commit with this
-- idempotency key was applied before. In both refusals nothing at all is written.
--
-- Every read and check comes before the first write: Redis does not roll back a script
-- that fails half way, so nothing after the first write may fail.

local now = tonumber(ARGV[1])

-- The expiry in a cache entry's msgpack [value, expires_at]; 0 (expired) if undecodable.
local function entry_expiry(blob)
  local ok, pair = pcall(cmsgpack.unpack, blob)
  if ok and type(pair) == "table" and type(pair[2]) == "number" then
    return pair[2]
  end
  return 0
end

-- The expiry heading a state's or a marker's value; 0 (expired) if the value is too short.
local function state_expiry(value)
  if #value < 8 then
    return 0
  end
  return (struct.unpack(">i8", value))
end

local state_ttl = tonumber(ARGV[3]) - now
local marker_ttl = tonumber(ARGV[5]) - now

-- The marker first: a redelivered resume must get its first answer back, not StateGone
-- for the state that its first run consumed.
if KEYS[4] ~= "" then
  local marker = redis.call("GET", KEYS[4])
  if marker and state_expiry(marker) > now then
    return string.sub(marker, 9)
  end
end

if KEYS[2] ~= "" then
  local state = redis.call("GET", KEYS[2])
  if not state or state_expiry(state) <= now then
    return 0
  end
end

-- The namespace after this commit, as field -> expires_at: what is stored, minus the
-- deletes, plus the sets (a set wins over a delete of the same field).
local expires = {}
local stored = redis.call("HGETALL", KEYS[1])
for i = 1, #stored, 2 do
  expires[stored[i]] = entry_expiry(stored[i + 1])
end
local deletes = tonumber(ARGV[6])
for i = 7, 6 + deletes do
  expires[ARGV[i]] = 0
end
local sets = {}
for i = 7 + deletes, #ARGV, 3 do
  local expires_at = tonumber(ARGV[i + 2])
  expires[ARGV[i]] = expires_at
  if expires_at > now then
    sets[#sets + 1] = ARGV[i]
    sets[#sets + 1] = ARGV[i + 1]
  end
end

local drop, last = {}, nil
for field, expires_at in pairs(expires) do
  if expires_at <= now then
    drop[#drop + 1] = field
  elseif last == nil or expires_at > last then
    last = expires_at
  end
end

-- Runs `command key ...items` in slices: unpack() of a long list would overflow Lua's stack.
local function call_in_slices(command, key, items)
  local step = 1000  -- even: HSET takes field, value pairs
  for first = 1, #items, step do
    redis.call(command, key, unpack(items, first, math.min(first + step - 1, #items)))
  end
end

-- Writes only from here on.
if KEYS[2] ~= "" then
  redis.call("DEL", KEYS[2])
end
call_in_slices("HDEL", KEYS[1], drop)
call_in_slices("HSET", KEYS[1], sets)
if last ~= nil then
  redis.call("PEXPIRE", KEYS[1], string.format("%.0f", last - now))
end
if KEYS[3] ~= "" and state_ttl > 0 then
  redis.call("SET", KEYS[3], ARGV[2], "PX", string.format("%.0f", state_ttl))
end
if KEYS[4] ~= "" and marker_ttl > 0 then
  redis.call("SET", KEYS[4], ARGV[4], "PX", string.format("%.0f", marker_ttl))
end
return 1
