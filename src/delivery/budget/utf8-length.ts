/**
 * Bytes of a string in UTF-8, as a provider counts its payload: 1 to 4 per code point. A lone
 * surrogate (not valid UTF-16) counts as the 3 bytes of U+FFFD, what an encoder writes for it.
 *
 * @example
 * utf8Length("héllo"); // 6
 * utf8Length("👍🏽"); // 8
 */
export function utf8Length(text: string): number {
  let bytes = 0;
  for (let index = 0; index < text.length; index++) {
    const unit = text.charCodeAt(index);
    if (unit < 0x80) bytes += 1;
    else if (unit < 0x800) bytes += 2;
    else if (unit >= 0xd800 && unit <= 0xdbff && index + 1 < text.length) {
      const next = text.charCodeAt(index + 1);
      if (next >= 0xdc00 && next <= 0xdfff) {
        bytes += 4;
        index++;
      } else bytes += 3;
    } else bytes += 3;
  }
  return bytes;
}
