/** The WHATWG URL parser every runtime nudgekit supports has (typed here: src/ compiles without the DOM's types). */
const UrlParser = (globalThis as unknown as { URL: new (text: string) => { readonly protocol: string; readonly hostname: string } }).URL;

/** Characters a URL may hold as providers check it (firebase-admin's test): anything else must be percent-encoded. */
const URL_CHARACTERS = /^[a-z0-9:/?#[\]@!$&'()*+,;=.\-_~%]+$/i;

/**
 * Whether `text` is an absolute http or https URL with a host, written in URL characters only
 * (what FCM, APNs extensions and browsers load).
 *
 * @example
 * isHttpUrl("https://cdn.shop.example/a.png"); // true
 * isHttpUrl("shop://cart"); // false
 */
export function isHttpUrl(text: string): boolean {
  if (!URL_CHARACTERS.test(text)) return false;
  try {
    const url = new UrlParser(text);
    return (url.protocol === "http:" || url.protocol === "https:") && url.hostname.length > 0;
  } catch {
    return false;
  }
}

/**
 * Whether `text` is an absolute https URL (what a web link of FCM and Declarative Web Push must be).
 *
 * @example
 * isHttpsUrl("https://shop.example/cart"); // true
 * isHttpsUrl("http://shop.example/cart"); // false
 */
export function isHttpsUrl(text: string | null | undefined): text is string {
  return typeof text === "string" && isHttpUrl(text) && text.startsWith("https:");
}
