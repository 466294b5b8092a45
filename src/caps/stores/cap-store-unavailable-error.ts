/**
 * A reserve or release that could not be carried out: the store is unreachable (Redis down), too
 * contended, or a stored history is unreadable or would grow past the stored-history limits. Every
 * store fails closed with it: the message must not go out. Arguments that are not valid (a bad
 * user id, candidate, `now` or time zone) throw a TypeError instead.
 *
 * @example
 * try {
 *   const result = await store.reserve(userId, candidate, now, timeZone);
 *   if (result.granted) await send();
 * } catch (error) {
 *   if (error instanceof CapStoreUnavailableError) return retryLater(); // nothing was sent
 *   throw error;
 * }
 */
export class CapStoreUnavailableError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = "CapStoreUnavailableError";
  }
}

/** A user id as store errors quote it (bounded: ids are the caller's data). */
export function quotedUserId(userId: string): string {
  return JSON.stringify(userId.length > 100 ? `${userId.slice(0, 100)}…` : userId);
}

/** What every store throws for a stored history that `parseStoredHistory` cannot read. */
export function unreadableHistoryError(userId: string, problem: string): CapStoreUnavailableError {
  return new CapStoreUnavailableError(`the stored cap history of ${quotedUserId(userId)} is unreadable (${problem}); refusing to send rather than forgetting it`);
}
