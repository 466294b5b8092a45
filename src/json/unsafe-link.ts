/**
 * Whether a link would run code or read local files where it is opened: a `javascript:`,
 * `vbscript:`, `data:`, `file:` or `blob:` URL once browsers have dropped tabs and newlines anywhere
 * and spaces and controls at the start (WHATWG URL parsing). One check for the config (a literal
 * link is refused) and for rendering (a rendered link becomes "").
 *
 * @example
 * isUnsafeLink(" java\tscript:alert(1)"); // true
 * isUnsafeLink("shop://cart"); // false
 */
export function isUnsafeLink(link: string): boolean {
  return /^(?:javascript|vbscript|data|file|blob):/i.test(link.replace(/[\t\n\r]/g, "").replace(/^[\u0000-\u0020]+/, ""));
}
