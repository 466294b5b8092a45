/** Bounds that keep hostile templates and data from exhausting time or memory. */
export const TEMPLATE_LIMITS = Object.freeze({
  /** Longest template source, in UTF-16 code units. Checked at compile time. */
  maxSourceLength: 10_000,
  /** Most `{{ … }}` outputs in one template. Checked at compile time. */
  maxOutputs: 200,
  /** Longest rendered result (and longest string any filter produces); longer ones are cut. */
  maxOutputLength: 65_536,
} as const);
