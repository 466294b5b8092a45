/**
 * The five characters that can change the meaning of HTML text or a quoted attribute value, and
 * their entities. The same entities as liquidjs's `escape` filter (`&#34;` rather than `&quot;`),
 * so templates rendered with escaping "html" match liquidjs with `outputEscape: "escape"`.
 */
const ENTITIES: Readonly<Record<string, string>> = Object.freeze({
  "&": "&amp;",
  "<": "&lt;",
  ">": "&gt;",
  '"': "&#34;",
  "'": "&#39;",
});

const SPECIAL = /[&<>"']/;
const SPECIAL_GLOBAL = /[&<>"']/g;

/** `text` safe to place in HTML text or a quoted attribute: `& < > " '` become entities. */
export function escapeHtml(text: string): string {
  // Most personalisation values (names, cities) need no escaping: skip the replace and its allocation.
  return SPECIAL.test(text) ? text.replace(SPECIAL_GLOBAL, (character) => ENTITIES[character] as string) : text;
}
