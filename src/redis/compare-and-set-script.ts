/**
 * Replaces a user's stored history only if it is still what the reserve read (one script, so the
 * compare and the write are atomic in Redis). ARGV: the value read ('' for none), the new value
 * ('' to delete), the time to live in ms ('0' for none, 'keep' to keep the key's current one: a
 * release only removes a delivery, so the history needs no longer than it had). Returns 1 when
 * written, 0 when the value changed in between (the reserve then reads again).
 */
export const COMPARE_AND_SET_SCRIPT = `
local current = redis.call('GET', KEYS[1])
if (current == false and ARGV[1] == '') or current == ARGV[1] then
  local ttl = ARGV[3]
  if ttl == 'keep' then
    local left = redis.call('PTTL', KEYS[1])
    if left == -1 then ttl = '0' elseif left < 1 then ttl = '1' else ttl = tostring(left) end
  end
  if ARGV[2] == '' then
    redis.call('DEL', KEYS[1])
  elseif tonumber(ttl) > 0 then
    redis.call('SET', KEYS[1], ARGV[2], 'PX', ttl)
  else
    redis.call('SET', KEYS[1], ARGV[2])
  end
  return 1
end
return 0
`;
