/**
 * FNV-1a 32 over the UTF-16 code units of a string (`charCodeAt`), as GrowthBook's JavaScript
 * SDK computes it. For text above U+007F this differs from FNV-1a over UTF-8 bytes (GrowthBook's
 * Go, Ruby, PHP and Java SDKs): see docs/bucketing.md.
 */
export function fnv1a32(text: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return hash >>> 0;
}
