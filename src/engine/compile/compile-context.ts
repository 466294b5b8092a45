import type { CapPolicyInput } from "../../caps/policy/cap-policy-schema.js";
import type { CapPolicyIR } from "../../caps/policy/cap-policy-model.js";
import type { ChannelPolicy } from "../../channels/policy/channel-policy-model.js";
import type { CompileOptions, CompiledRule } from "../../rules/compile-options.js";

/** What compiling one campaign needs from the rest of the config. */
export interface CompileContext {
  readonly ruleOptions: CompileOptions;
  /** Every rule compiled while validating, by its source in the IR (see `validRuleSource`). */
  readonly compiledRules: Map<unknown, CompiledRule>;
  readonly segmentIds: ReadonlySet<string>;
  /** Layer id → salt. */
  readonly layers: ReadonlyMap<string, string>;
  /** The config's channel policy, linked: campaigns' channel settings are checked against it. */
  readonly channelPolicy: ChannelPolicy;
  readonly capsInput: CapPolicyInput;
  readonly capPolicy: CapPolicyIR;
  /** Event names the behaviour policy aggregates; null without one. */
  readonly trackedEvents: ReadonlySet<string> | null;
  /** Declared tags; null when the config declares none. */
  readonly declaredTags: ReadonlySet<string> | null;
  readonly holdoutExempt: ReadonlySet<string>;
}
