/** Splits text into what a reader sees as characters: an emoji with its skin tone, a ZWJ family, a letter with its accents. */
export type GraphemeSplitter = (text: string) => string[];

let segmenter: Intl.Segmenter | null | undefined;

/** The runtime's grapheme segmenter, made once; null without `Intl.Segmenter`. */
function graphemeSegmenter(): Intl.Segmenter | null {
  if (segmenter === undefined) segmenter = typeof Intl === "object" && typeof Intl.Segmenter === "function" ? new Intl.Segmenter(undefined, { granularity: "grapheme" }) : null;
  return segmenter;
}

/**
 * The text's grapheme clusters (Unicode extended grapheme clusters, through `Intl.Segmenter`).
 * Without `Intl.Segmenter` (a runtime without it), code points: a cut never splits a surrogate
 * pair, but may split an emoji sequence or a letter from its accents.
 *
 * @example
 * graphemes("👨‍👩‍👧 é"); // ["👨‍👩‍👧", " ", "é"]
 */
export const graphemes: GraphemeSplitter = (text) => {
  const segments = graphemeSegmenter();
  if (segments === null) return Array.from(text);
  const parts: string[] = [];
  for (const { segment } of segments.segment(text)) parts.push(segment);
  return parts;
};

/**
 * The last grapheme boundary at or before `index` (a code-unit offset): where a text may be cut
 * without splitting what a reader sees as one character. Asks `Intl.Segmenter` for the segment
 * containing the offset only (no walk over the text before it); without it, a code-point boundary.
 *
 * @example
 * graphemeBoundaryAtOrBefore("a👍🏽b", 3); // 1 (the thumbs-up with its skin tone spans 1–5)
 */
export function graphemeBoundaryAtOrBefore(text: string, index: number): number {
  if (index <= 0) return 0;
  if (index >= text.length) return text.length;
  const segments = graphemeSegmenter();
  if (segments !== null) return segments.segment(text).containing(index)?.index ?? index;
  return codePointBoundary(text, index);
}

/** `index`, or one less when it falls between the two halves of a surrogate pair. */
export function codePointBoundary(text: string, index: number): number {
  const unit = text.charCodeAt(index);
  const before = text.charCodeAt(index - 1);
  return unit >= 0xdc00 && unit <= 0xdfff && before >= 0xd800 && before <= 0xdbff ? index - 1 : index;
}
