import { codePointBoundary, graphemeBoundaryAtOrBefore } from "./graphemes.js";
import { utf8Length } from "./utf8-length.js";

/** How a payload fits its budget: its size in UTF-8 bytes, the budget, the fields cut short and those left out. */
export interface PayloadSize {
  readonly bytes: number;
  readonly budget: number;
  readonly truncated: readonly string[];
  readonly dropped: readonly string[];
}

/** The texts a payload is built from, by name: null leaves the field out. */
export type FieldTexts = ReadonlyMap<string, string | null>;

export interface FitOptions {
  /** Appended to a cut text (default "…", U+2026: 3 bytes). */
  readonly ellipsis?: string;
}

/**
 * Builds a payload within `budget` UTF-8 bytes of its serialisation. When the full texts do not
 * fit, the fields of `cutOrder` are cut in that order: each to the longest run of whole graphemes
 * that fits with the ellipsis (a binary search over the prefix's length in code units, never inside
 * a surrogate pair — the size grows with it — then back to the grapheme boundary at or before it:
 * `Intl.Segmenter` is asked about that one place, not the whole text), or, when not even one
 * grapheme fits, left out; the next field only when the previous one is
 * gone. Null when even with every field of `cutOrder` left out it does not fit (the rest is over).
 *
 * @example
 * const build = (texts) => ({ title: "Sale", body: texts.get("body") ?? undefined });
 * fitToBudget(build, (payload) => JSON.stringify(payload), new Map([["body", "a".repeat(100)]]), ["body"], 40);
 * // { payload: { title: "Sale", body: "aaaaaaaaaaa…" }, serialized: '{"title":"Sale","body":"aaaaaaaaaaa…"}', texts: Map { "body" => "aaaaaaaaaaa…" }, size: { bytes: 40, budget: 40, truncated: ["body"], dropped: [] } }
 */
export function fitToBudget<P>(build: (texts: FieldTexts) => P, serialize: (payload: P) => string, texts: FieldTexts, cutOrder: readonly string[], budget: number, options: FitOptions = {}): { payload: P; serialized: string; texts: FieldTexts; size: PayloadSize } | null {
  const ellipsis = options.ellipsis ?? "…";
  const current = new Map(texts);
  const measure = (): { payload: P; serialized: string; bytes: number } => {
    const payload = build(current);
    const serialized = serialize(payload);
    return { payload, serialized, bytes: utf8Length(serialized) };
  };
  const truncated: string[] = [];
  const dropped: string[] = [];
  let built = measure();
  const done = () => ({ payload: built.payload, serialized: built.serialized, texts: new Map(current) as FieldTexts, size: { bytes: built.bytes, budget, truncated, dropped } });
  if (built.bytes <= budget) return done();
  for (const name of cutOrder) {
    const text = current.get(name);
    if (text === undefined || text === null) continue;
    // No prefix longer than the budget in UTF-16 code units fits (each takes a byte at least), and a
    // grapheme is rarely longer than a few dozen units: only that much of a long text is looked at.
    const window = text.length > budget + 64 ? text.slice(0, budget + 64) : text;
    const limit = window === text ? text.length - 1 : Math.min(window.length, budget);
    // The longest prefix (in code units, never inside a surrogate pair) that fits with the ellipsis:
    // the size grows with the prefix, so a binary search finds it; then back to a grapheme boundary.
    let low = 1;
    let high = limit;
    let fits = 0;
    while (low <= high) {
      const length = (low + high) >>> 1;
      current.set(name, window.slice(0, codePointBoundary(window, length)) + ellipsis);
      if (measure().bytes <= budget) {
        fits = length;
        low = length + 1;
      } else high = length - 1;
    }
    const cut = fits === 0 ? 0 : graphemeBoundaryAtOrBefore(window, codePointBoundary(window, fits));
    if (cut > 0) {
      current.set(name, window.slice(0, cut) + ellipsis);
      built = measure();
      truncated.push(name);
      return done();
    }
    current.set(name, null);
    dropped.push(name);
    built = measure();
    if (built.bytes <= budget) return done();
  }
  return null;
}
