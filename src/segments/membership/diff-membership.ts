export interface MembershipChange {
  /** Ids in `after` but not in `before`, in the order of `after`. */
  readonly entered: readonly string[];
  /** Ids in `before` but not in `after`, in the order of `before`. */
  readonly exited: readonly string[];
}

/** Which segments a profile entered and exited between two memberships (e.g. before and after an event). */
export function diffMembership(before: Iterable<string>, after: Iterable<string>): MembershipChange {
  const was = new Set(before);
  const is = new Set(after);
  return {
    entered: [...is].filter((id) => !was.has(id)),
    exited: [...was].filter((id) => !is.has(id)),
  };
}
