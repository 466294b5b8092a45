import type { Channel } from "../../channels/channel.js";
import type { CompiledContent } from "../model/compiled-campaign.js";
import { renderTemplate, type TemplateEscaping } from "./render-template.js";

/** Email bodies are HTML; push, SMS and in-app payloads are text that the app or OS displays as such. */
function escapingOf(channel: Channel): TemplateEscaping {
  return channel === "email" ? "html" : "text";
}

/** Renders one channel's fields for one user: values from `{ user, event }`, never code. */
export function renderContent(content: CompiledContent | undefined, channel: Channel, data: unknown): Record<string, string> {
  const rendered: Record<string, string> = {};
  if (content === undefined) return rendered;
  const escaping = escapingOf(channel);
  for (const [field, template] of content) rendered[field] = renderTemplate(template, data, escaping);
  return rendered;
}
