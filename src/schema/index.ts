/**
 * nudgekit/schema — zod schemas of every config type (engine config, campaigns, segments, caps,
 * channels, experiments) and their JSON Schema export.
 *
 * @module nudgekit/schema
 */
export { engineConfigSchema, engineHoldoutSchema, layerSchema, arbitrationSchema, DEFAULT_HOLDOUT_EXEMPT, type EngineConfig, type EngineConfigInput, type EngineConfigArgument, type ArbitrationSettings } from "./engine-config-schema.js";
export {
  campaignSchema,
  campaignContentSchema,
  campaignExperimentSchema,
  campaignScheduleSchema,
  campaignVariantSchema,
  campaignCapSchema,
  audienceSchema,
  triggerSchema,
  reEligibilitySchema,
  CAMPAIGN_STATUSES,
  type Campaign,
  type CampaignInput,
  type CampaignStatus,
  type CampaignExperiment,
  type CampaignSchedule,
  type ReEligibility,
  type Trigger,
} from "./campaign-schema.js";
export {
  inAppContentSchema,
  pushContentSchema,
  emailContentSchema,
  smsContentSchema,
  type CampaignContent,
  type CampaignContentInput,
  type InAppContentInput,
  type PushContentInput,
  type EmailContentInput,
  type SmsContentInput,
} from "./content/channel-content-schema.js";
export { contentActionSchema, buttonSchema, CONTENT_ACTION_TYPES, BUTTON_STYLES, type ContentActionType } from "./content/content-actions.js";
export { anchorSchema, carouselCardSchema, tourStepSchema, surveyQuestionSchema, thankYouSchema, inAppContentFieldsSchema, TOOLTIP_PLACEMENTS, IN_APP_FORMAT_FIELDS, type InAppField } from "./content/in-app-content-schema.js";
export { pushContentFieldsSchema, emailContentFieldsSchema, smsContentFieldsSchema } from "./content/message-content-schemas.js";
export { WEEKDAYS, type Weekday } from "./weekdays.js";
export { engineJsonSchemas } from "./json-schemas.js";
export { segmentDefinitionSchema, segmentDefinitionsSchema } from "../segments/definitions/segment-schema.js";
export { capPolicySchema, capRuleSchema, cooldownSchema, quietHoursSchema, capScopeSchema, capWindowSchema } from "../caps/policy/cap-policy-schema.js";
export { channelPolicySchema, channelCampaignSchema, categoryPolicySchema } from "../channels/policy/channel-policy-schema.js";
export { experimentSchema, holdoutSchema, variantSchema, layerMembershipSchema } from "../experiments/config/experiment-schema.js";
export { aggregatePolicySchema } from "../segments/aggregates/aggregate-policy.js";
