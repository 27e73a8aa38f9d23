-- Applies one execution's commit atomically (the caller is RedisStore.commit).
--
-- KEYS[1]  the namespace's cache hash: field -> msgpack [value, expires_at]
-- KEYS[2]  the state to consume, or "" for none: msgpack [payload, expires_at]
-- KEYS[3]  the state to create, or "" for none
-- ARGV[1]  now, epoch ms: the caller's clock decides every expiry, never the server's
-- ARGV[2]  the new state's value (msgpack [payload, expires_at]), ARGV[3] its expires_at
-- ARGV[4]  n, then n cache fields to delete,
--          then a triple (field, msgpack [value, expires_at], expires_at) per field to set
--
-- Returns 1 when applied, 0 when the state to consume is gone (unknown, expired or
-- consumed): then nothing at all is written.
--
-- Every read and check comes before the first write: Redis does not roll back a script
-- that fails half way, so nothing after the first write may fail.

local now = tonumber(ARGV[1])

-- The expiry stored in a msgpack [value, expires_at] pair; 0 (expired) if undecodable.
local function expiry(blob)
  local ok, pair = pcall(cmsgpack.unpack, blob)
  if ok and type(pair) == "table" and type(pair[2]) == "number" then
    return pair[2]
  end
  return 0
end

if KEYS[2] ~= "" then
  local state = redis.call("GET", KEYS[2])
  if not state or expiry(state) <= now then
    return 0
  end
end

-- The namespace after this commit, as field -> expires_at: what is stored, minus the
-- deletes, plus the sets (a set wins over a delete of the same field).
local expires = {}
local stored = redis.call("HGETALL", KEYS[1])
for i = 1, #stored, 2 do
  expires[stored[i]] = expiry(stored[i + 1])
end
local deletes = tonumber(ARGV[4])
for i = 5, 4 + deletes do
  expires[ARGV[i]] = 0
end
local sets = {}
for i = 5 + deletes, #ARGV, 3 do
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

-- Writes only from here on.
if KEYS[2] ~= "" then
  redis.call("DEL", KEYS[2])
end
if #drop > 0 then
  redis.call("HDEL", KEYS[1], unpack(drop))
end
if #sets > 0 then
  redis.call("HSET", KEYS[1], unpack(sets))
end
if last ~= nil then
  redis.call("PEXPIREAT", KEYS[1], string.format("%.0f", last))
end
if KEYS[3] ~= "" then
  redis.call("SET", KEYS[3], ARGV[2], "PXAT", ARGV[3])
end
return 1
