import type { CapPolicy } from "../../caps/policy/compile-cap-policy.js";
import type { CapPolicyInput } from "../../caps/policy/cap-policy-schema.js";
import type { ChannelPolicy } from "../../channels/policy/compile-channel-policy.js";
import type { CompileOptions } from "../../rules/compile-options.js";

/** What compiling one campaign needs from the rest of the config. */
export interface CompileContext {
  readonly ruleOptions: CompileOptions;
  readonly segmentIds: ReadonlySet<string>;
  /** Layer id → salt. */
  readonly layers: ReadonlyMap<string, string>;
  readonly channelPolicy: ChannelPolicy;
  readonly capsInput: CapPolicyInput;
  readonly capPolicy: CapPolicy;
  /** Event names the behaviour policy aggregates; null without one. */
  readonly trackedEvents: ReadonlySet<string> | null;
  /** Declared tags; null when the config declares none. */
  readonly declaredTags: ReadonlySet<string> | null;
  readonly holdoutExempt: ReadonlySet<string>;
}
