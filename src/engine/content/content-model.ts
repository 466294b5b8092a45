/**
 * Message content as a tree: objects and lists of the config's shape whose text leaves are
 * templates, each with the escaping its field needs. The IR is JSON (what a prepared config
 * stores); `linkContent` turns it into the tree `renderContent` walks.
 */
import type { Platform } from "../../channels/surface.js";
import type { TemplateEscaping } from "./render-template.js";
import { linkTemplate, type CompiledTemplate, type TemplateIR } from "./template-model.js";

export type ContentNodeOf<Template> =
  | { readonly kind: "template"; readonly escaping: TemplateEscaping; readonly template: Template }
  | { readonly kind: "value"; readonly value: string | number | boolean }
  | { readonly kind: "object"; readonly fields: readonly (readonly [string, ContentNodeOf<Template>])[] }
  | { readonly kind: "list"; readonly items: readonly ContentNodeOf<Template>[] };

export type ContentNodeIR = ContentNodeOf<TemplateIR>;
export type ContentNode = ContentNodeOf<CompiledTemplate>;

/** One channel's content: the tree for every user ("") and, per platform with its own fields, that platform's tree. */
export type ChannelContentOf<Template> = readonly (readonly [Platform | "", ContentNodeOf<Template>])[];
export type ChannelContentIR = ChannelContentOf<TemplateIR>;
export type CompiledChannelContent = ChannelContentOf<CompiledTemplate>;

/** Deepest nesting the config's shape has (content, cards, card, button, action, data, value), with room to spare. */
export const MAX_CONTENT_DEPTH = 10;

function linkNode(node: ContentNodeIR): ContentNode {
  switch (node.kind) {
    case "template":
      return Object.freeze({ kind: "template", escaping: node.escaping, template: linkTemplate(node.template) });
    case "value":
      return Object.freeze({ kind: "value", value: node.value });
    case "object":
      return Object.freeze({ kind: "object", fields: Object.freeze(node.fields.map(([name, child]) => Object.freeze([name, linkNode(child)] as const))) });
    case "list":
      return Object.freeze({ kind: "list", items: Object.freeze(node.items.map(linkNode)) });
  }
}

/** Builds the rendering tree of one channel's content from its checked IR. */
export function linkChannelContent(content: ChannelContentIR): CompiledChannelContent {
  return Object.freeze(content.map(([platform, tree]) => Object.freeze([platform, linkNode(tree)] as const)));
}
