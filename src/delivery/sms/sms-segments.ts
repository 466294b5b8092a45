/** The GSM 03.38 basic character set (one septet each). */
const GSM_BASIC = new Set(
  "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞ\u001bÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà",
);
/** The GSM 03.38 extension table: an escape and the character (two septets each). */
const GSM_EXTENSION = new Set("\f^{}\\[~]|€");

/** How an SMS text is sent: its encoding, its size in that encoding's units, and the parts it takes. */
export interface SmsSegments {
  /** `GSM-7` when every character is in the GSM 03.38 alphabet (with its extension table), else `UCS-2`. */
  readonly encoding: "GSM-7" | "UCS-2";
  /** Septets (GSM-7: 2 for an extension character) or UTF-16 code units (UCS-2: 2 for an emoji). */
  readonly units: number;
  /** Parts: 1 up to 160 septets or 70 units; concatenated parts carry 153 or 67 (a header takes the rest). */
  readonly segments: number;
  /** Units a part carries: 160 / 70 for one part, 153 / 67 for each of several. */
  readonly perSegment: number;
}

/**
 * How many SMS parts a text takes, as carriers count them: GSM-7 (160 septets in one part, 153 in
 * each of several; `€`, `{`, `[`… take two) when every character is in the GSM alphabet, else
 * UCS-2 (70 code units, 67 per part of several). A part never splits an escape sequence or a
 * surrogate pair (it moves whole to the next part), as handsets reassemble them.
 *
 * @example
 * smsSegments("Your code is 1234"); // { encoding: "GSM-7", units: 17, segments: 1, perSegment: 160 }
 * smsSegments("Prêt ? 👍"); // { encoding: "UCS-2", units: 9, segments: 1, perSegment: 70 }
 * smsSegments("€".repeat(81)); // { encoding: "GSM-7", units: 162, segments: 2, perSegment: 153 }
 */
export function smsSegments(text: string): SmsSegments {
  const characters = Array.from(text);
  const gsm = characters.every((character) => GSM_BASIC.has(character) || GSM_EXTENSION.has(character));
  const sizes = gsm ? characters.map((character) => (GSM_EXTENSION.has(character) ? 2 : 1)) : characters.map((character) => character.length);
  const units = sizes.reduce((sum, size) => sum + size, 0);
  const single = gsm ? 160 : 70;
  const multi = gsm ? 153 : 67;
  if (units <= single) return { encoding: gsm ? "GSM-7" : "UCS-2", units, segments: units === 0 ? 0 : 1, perSegment: single };
  // Fill parts one character at a time: one that does not fit whole starts the next part.
  let segments = 1;
  let used = 0;
  for (const size of sizes) {
    if (used + size > multi) {
      segments++;
      used = 0;
    }
    used += size;
  }
  return { encoding: gsm ? "GSM-7" : "UCS-2", units, segments, perSegment: multi };
}
