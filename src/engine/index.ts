/**
 * The decision engine: one pure function from (config, event, user, history, now) to decisions.
 */
export { Engine } from "./engine.js";
export { createEngine } from "./create-engine.js";
export type { CreateEngineOptions, EngineOptions } from "./engine-options.js";
export { prepareConfig } from "./prepared/prepare-config.js";
export { loadEngine } from "./prepared/load-engine.js";
export { PreparedConfigError } from "./prepared/prepared-config-error.js";
export { PREPARED_FORMAT, PREPARED_VERSION, type PreparedConfig } from "./prepared/prepared-config.js";
export { ConfigError } from "./config-error.js";
export { applyRecords, type FullEngineHistory } from "./records/apply-records.js";
export { applyOutcome, ENGAGEMENT_HISTORY_LIMITS, type ApplyOutcomeOptions } from "./records/apply-outcome.js";
// Every input, output and record type of the engine.
export * from "./engine-types.js";
export type { CampaignInput, Campaign } from "../schema/campaign-schema.js";
export type { EngineConfigInput, EngineConfigArgument, EngineConfig } from "../schema/engine-config-schema.js";
export { compileTemplate, type CompileTemplateResult } from "./content/compile-template.js";
export { type CompiledTemplate } from "./content/template-model.js";
export { renderTemplate } from "./content/render-template.js";
export { escapeHtml } from "./content/escape-html.js";
export { TEMPLATE_FILTERS } from "./content/template-filters.js";
export { TEMPLATE_LIMITS } from "./content/template-limits.js";
export type { TemplateProblem } from "./content/template-syntax.js";
export type { TemplateEscaping } from "./content/render-template.js";
export type { RenderedContent, InAppMessageContent, PushMessageContent, EmailMessageContent, SmsMessageContent, ContentAction, ContentButton, CarouselCard, TourStep, ContentAnchor, SurveyQuestion, SurveyThankYou } from "./content/rendered-content.js";
