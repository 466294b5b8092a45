/**
 * A reserve or release that could not be carried out (Redis unreachable, too much contention, an
 * unreadable stored history). The store fails closed: the message must not go out.
 */
export class CapStoreUnavailableError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = "CapStoreUnavailableError";
  }
}
