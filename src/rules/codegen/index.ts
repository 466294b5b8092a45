/**
 * nudgekit/rules/codegen: the code-generating backend of the rule compiler (`new Function`; Node
 * services and pages without a strict Content-Security-Policy). See docs/rules.md.
 */
export { codegenBackend } from "./codegen-backend.js";
export { ruleSource } from "./generated-source.js";
export type { RuleSource } from "./rule-source.js";
export type { RuleBackend } from "../compiler/rule-backend.js";
