/** engine/content/template-model.ts in an engine module whose config's content has no template (never called: the IR holds none to link). */
import type * as real from "../../engine/content/template-model.js";
import { absentFeature } from "./absent-feature.js";

export const linkTemplate: typeof real.linkTemplate = absentFeature("templates");
