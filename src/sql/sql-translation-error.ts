/** A rule SQL cannot express with nudgekit's semantics: refused at translation, with the rule's path, never translated into a different query. */
export class SqlTranslationError extends Error {
  override readonly name = "SqlTranslationError";
  constructor(
    readonly path: string,
    readonly reason: string,
  ) {
    super(`${reason} at ${path === "" ? "/" : path}`);
  }
}
