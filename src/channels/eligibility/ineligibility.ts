/** Why a channel cannot carry this message to this user at all (before caps and ranking). */
export type IneligibleReason =
  /** The user turned this channel, or this category on it, off. */
  | "user-preference"
  /** In-app: the user is not in the app now. */
  | "no-active-session"
  /** In-app: the app runs offline-first. */
  | "offline"
  /** In-app: the format does not fit the session's platform. */
  | "surface-unsupported"
  | "not-opted-in"
  /** Push: muted or snoozed. */
  | "muted"
  /** Push: no valid, unexpired token for the platform. */
  | "no-valid-token"
  /** Email, SMS: the address or number is not verified. */
  | "not-verified"
  /** Email: the address bounced. */
  | "bounced";

export interface Ineligibility {
  readonly reason: IneligibleReason;
  readonly detail: string;
}
