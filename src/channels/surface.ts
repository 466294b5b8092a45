/**
 * In-app surfaces and the platforms they fit. A product tour walks a wide screen; a carousel or a
 * full-screen takeover is made for a phone app.
 */

export const PLATFORMS = Object.freeze(["ios", "android", "web", "mobile_web", "desktop"] as const);
export type Platform = (typeof PLATFORMS)[number];

export const IN_APP_FORMATS = Object.freeze(["banner", "modal", "full_screen", "card", "carousel", "product_tour", "survey", "tooltip"] as const);
export type InAppFormat = (typeof IN_APP_FORMATS)[number];

/** Where each format fits by default (every entry can be replaced in the channel policy). */
export const DEFAULT_SURFACES: Readonly<Record<InAppFormat, readonly Platform[]>> = Object.freeze({
  banner: Object.freeze([...PLATFORMS]),
  modal: Object.freeze([...PLATFORMS]),
  card: Object.freeze([...PLATFORMS]),
  survey: Object.freeze([...PLATFORMS]),
  tooltip: Object.freeze([...PLATFORMS]),
  product_tour: Object.freeze(["web", "desktop"] as const),
  carousel: Object.freeze(["ios", "android"] as const),
  full_screen: Object.freeze(["ios", "android"] as const),
});

const PLATFORM_SET: ReadonlySet<string> = new Set(PLATFORMS);

export function isPlatform(value: unknown): value is Platform {
  return typeof value === "string" && PLATFORM_SET.has(value);
}
