import type { CapScope } from "./cap-policy-schema.js";

/** The fields of a message that scopes look at. */
export interface ScopedMessage {
  readonly channel: string;
  readonly campaign: string;
  readonly tags?: readonly string[];
  readonly placement?: string;
}

/** Whether a message (sent or about to be) falls in a rule's scope. */
export function matchesScope(scope: CapScope, message: ScopedMessage): boolean {
  if ("all" in scope) return true;
  if ("channels" in scope) return scope.channels.includes(message.channel);
  if ("channel" in scope) return scope.channel === message.channel;
  if ("campaign" in scope) return scope.campaign === message.campaign;
  if ("tag" in scope) return Array.isArray(message.tags) && message.tags.includes(scope.tag);
  return scope.placement === message.placement;
}

/** A scope compiled to a predicate (no key tests per message). */
export function scopePredicate(scope: CapScope): (message: ScopedMessage) => boolean {
  if ("all" in scope) return () => true;
  if ("channels" in scope) {
    const channels = new Set(scope.channels);
    return (message) => channels.has(message.channel);
  }
  if ("channel" in scope) {
    const channel = scope.channel;
    return (message) => message.channel === channel;
  }
  if ("campaign" in scope) {
    const campaign = scope.campaign;
    return (message) => message.campaign === campaign;
  }
  if ("tag" in scope) {
    const tag = scope.tag;
    return (message) => Array.isArray(message.tags) && message.tags.includes(tag);
  }
  const placement = scope.placement;
  return (message) => message.placement === placement;
}
