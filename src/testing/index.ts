/**
 * nudgekit/testing — fast-check arbitraries for rules, users, events, campaigns, cap policies,
 * experiments and whole configs, and invariant checks to run against your own config in your own
 * test suite: a daily message limit, reachability of every campaign, exclusive layers, and no
 * critical message in-app alone; journeys, and the checks every journey should pass. fast-check is
 * a peer dependency. See docs/testing.md.
 *
 * @module nudgekit/testing
 */
export { configVocabulary, type ConfigVocabulary } from "./config-vocabulary.js";
export { ruleArbitrary, type RuleArbitraryOptions, type JsonLogicRule } from "./rule-arbitrary.js";
export { profileArbitrary, DEFAULT_TIME_ZONES, type ProfileArbitraryOptions, type UserProfile } from "./profile-arbitrary.js";
export { eventArbitrary, type EventArbitraryOptions } from "./event-arbitrary.js";
export { eventSequenceArbitrary, type EventSequenceOptions, type TimedEvent } from "./event-sequence-arbitrary.js";
export { campaignArbitrary, type CampaignArbitraryOptions } from "./campaign-arbitrary.js";
export { engineConfigArbitrary, type EngineConfigArbitraryOptions } from "./engine-config-arbitrary.js";
export { capPolicyArbitrary, type CapPolicyArbitraryOptions } from "./cap-policy-arbitrary.js";
export { experimentArbitrary, type ExperimentArbitraryOptions } from "./experiment-arbitrary.js";
export { simulateUser, type Simulation, type SimulationInput, type SimulatedDelivery } from "./simulate-user.js";
export { InvariantError, assertReport, type CheckOptions, type InvariantReport } from "./invariant-report.js";
export { checkDailyMessageLimit, assertDailyMessageLimit, type DailyMessageLimitOptions, type DailyMessageLimitCounterexample, type DailyMessageLimitReport } from "./check-daily-message-limit.js";
export {
  checkReachability,
  assertReachability,
  type ReachabilityOptions,
  type ReachabilityReport,
  type ReachabilityCounterexample,
  type CampaignReach,
  type SuppressionCount,
} from "./check-reachability.js";
export { type CampaignProbe } from "./campaign-probe.js";
export { checkCampaignLayers, assertCampaignLayers, type LayerExclusivityOptions, type LayerExclusivityReport, type LayerExclusivityCounterexample, type LayerClash } from "./check-layer-exclusivity.js";
export {
  checkCriticalNotInAppOnly,
  assertCriticalNotInAppOnly,
  CRITICAL_CATEGORIES,
  type CriticalNotInAppOnlyOptions,
  type CriticalNotInAppOnlyReport,
  type CriticalNotInAppOnlyCounterexample,
  type InAppOnlyCampaign,
  type InAppAloneDecision,
} from "./check-critical-not-in-app-only.js";
export { journeyArbitrary, type JourneyArbitraryOptions } from "./journey-arbitrary.js";
export { checkJourney, assertJourney, nodesWithoutEnd, type JourneyCheckOptions, type JourneyCounterexample, type JourneyReport, type JourneyTimedEvent } from "./check-journey.js";
export { checkAllInvariants, assertAllInvariants, type AllInvariantsOptions, type AllInvariantsReport } from "./check-all-invariants.js";
