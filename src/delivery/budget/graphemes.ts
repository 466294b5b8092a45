/** Splits text into what a reader sees as characters: an emoji with its skin tone, a ZWJ family, a letter with its accents. */
export type GraphemeSplitter = (text: string) => string[];

let segmenter: Intl.Segmenter | null | undefined;

/**
 * The text's grapheme clusters (Unicode extended grapheme clusters, through `Intl.Segmenter`).
 * Without `Intl.Segmenter` (a runtime without it), code points: a cut never splits a surrogate
 * pair, but may split an emoji sequence or a letter from its accents.
 *
 * @example
 * graphemes("👨‍👩‍👧 é"); // ["👨‍👩‍👧", " ", "é"]
 */
export const graphemes: GraphemeSplitter = (text) => {
  if (segmenter === undefined) segmenter = typeof Intl === "object" && typeof Intl.Segmenter === "function" ? new Intl.Segmenter(undefined, { granularity: "grapheme" }) : null;
  if (segmenter === null) return Array.from(text);
  const parts: string[] = [];
  for (const { segment } of segmenter.segment(text)) parts.push(segment);
  return parts;
};
