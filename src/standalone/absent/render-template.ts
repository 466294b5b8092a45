/** engine/content/render-template.ts in an engine module whose config's content has no template (never called: every field is a fixed value). */
import type * as real from "../../engine/content/render-template.js";
import { absentFeature } from "./absent-feature.js";

export const renderTemplate: typeof real.renderTemplate = absentFeature("templates");
