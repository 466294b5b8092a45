/** Thrown by `loadEngine` for something that is not a config `prepareConfig` made, or was changed since. */
export class PreparedConfigError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = "PreparedConfigError";
  }
}
