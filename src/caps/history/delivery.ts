/** A message that went out (what a caller records and keeps per user). */
export interface Delivery {
  /** Identifies the delivery, e.g. a store's reservation (optional). */
  readonly id?: string;
  /** Epoch milliseconds it was sent. */
  readonly at: number;
  readonly channel: string;
  readonly campaign: string;
  readonly tags?: readonly string[];
  readonly placement?: string;
  /** In-app session it was shown in. */
  readonly session?: string;
  /** False for a message that does not count toward caps (e.g. transactional). Default true. */
  readonly counts?: boolean;
}

/** A message about to go out. */
export interface CapCandidate {
  readonly channel: string;
  readonly campaign: string;
  readonly tags?: readonly string[];
  readonly placement?: string;
  readonly session?: string;
  /** Ignore caps and cooldowns (transactional, security). Quiet hours still apply unless `ignoreQuietHours`. */
  readonly ignoreCaps?: boolean;
  readonly ignoreQuietHours?: boolean;
  /** Whether, once sent, it counts toward caps and cooldowns (default true); separate from ignoreCaps. */
  readonly counts?: boolean;
}

/** A user's delivery log, oldest first. */
export interface DeliveryHistory {
  readonly deliveries: readonly Delivery[];
}
