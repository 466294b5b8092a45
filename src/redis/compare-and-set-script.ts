/**
 * Replaces a user's stored history only if it is still what the reserve read (one script, so the
 * compare and the write are atomic in Redis). ARGV: the value read ('' for none), the new value
 * ('' to delete), the time to live in ms ('0' for none). Returns 1 when written, 0 when the value
 * changed in between (the reserve then reads again).
 */
export const COMPARE_AND_SET_SCRIPT = `
local current = redis.call('GET', KEYS[1])
if (current == false and ARGV[1] == '') or current == ARGV[1] then
  if ARGV[2] == '' then
    redis.call('DEL', KEYS[1])
  elseif tonumber(ARGV[3]) > 0 then
    redis.call('SET', KEYS[1], ARGV[2], 'PX', ARGV[3])
  else
    redis.call('SET', KEYS[1], ARGV[2])
  end
  return 1
end
return 0
`;
