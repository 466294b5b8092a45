import type { Platform } from "../../channels/surface.js";
import type { RenderedContent } from "./rendered-content.js";
import type { CompiledChannelContent, ContentNode } from "./content-model.js";
import { renderTemplate } from "./render-template.js";

function renderNode(node: ContentNode, data: unknown): unknown {
  switch (node.kind) {
    case "template":
      return renderTemplate(node.template, data, node.escaping);
    case "value":
      return node.value;
    case "list":
      return node.items.map((item) => renderNode(item, data));
    case "object": {
      // Field names are the schema's words (never "__proto__"): plain assignment is safe.
      const rendered: Record<string, unknown> = {};
      for (const [name, child] of node.fields) rendered[name] = renderNode(child, data);
      return rendered;
    }
  }
}

/**
 * Renders one channel's content for one user: the tree of their platform when the content has
 * one, with values from `{ user, event }` (never code), each field escaped as it needs. A new
 * object every call: nothing returned is shared with the engine.
 */
export function renderContent(content: CompiledChannelContent | undefined, platform: Platform | undefined, data: unknown): RenderedContent {
  if (content === undefined || content.length === 0) return {};
  let tree = content[0]![1];
  if (platform !== undefined) for (const [name, node] of content) if (name === platform) tree = node;
  return renderNode(tree, data) as RenderedContent;
}
