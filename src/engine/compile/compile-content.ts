import type { Channel } from "../../channels/channel.js";
import { PLATFORMS, type InAppFormat, type Platform } from "../../channels/surface.js";
import { childPointer } from "../../json/json-pointer.js";
import type { LocatedProblem } from "../../validation/located-problems.js";
import type { Campaign } from "../../schema/campaign-schema.js";
import { CHANNEL_CONTENT_NEEDS } from "../../schema/content/channel-content-schema.js";
import { IN_APP_FORMAT_FIELDS } from "../../schema/content/in-app-content-schema.js";
import { templateIR } from "../content/compile-template.js";
import type { ChannelContentIR, ContentNodeIR } from "../content/content-model.js";
import { renderTemplate, type TemplateEscaping } from "../content/render-template.js";
import { linkTemplate } from "../content/template-model.js";
import type { CampaignIR } from "../model/engine-model.js";

type Fields = Readonly<Record<string, unknown>>;
type ChannelFields = Fields & { readonly platforms?: Partial<Record<Platform, Fields>> };
type ContentByChannel = Partial<Record<Channel, ChannelFields>>;

/** Fields whose text is an id or a choice, never a template. */
const LITERAL_FIELDS: ReadonlySet<string> = new Set(["id", "type", "style", "name", "placement", "selector", "screen"]);
/** Fields whose text is a link: values written into it are URL-encoded. */
const LINK_FIELDS: ReadonlySet<string> = new Set(["image", "icon", "deepLink", "url"]);

const MESSAGE_NAMES = { push: "a push", web_push: "a Web Push message", email: "an email", sms: "an SMS" } as const;

/** Content for channels the campaign does not list is a mistake (it would never be sent). */
function unlistedChannels(content: ContentByChannel | undefined, channels: readonly Channel[], path: string, problems: LocatedProblem[]): void {
  for (const channel of Object.keys(content ?? {})) {
    if (!channels.includes(channel as Channel)) problems.push({ path: childPointer(path, channel), message: `content for ${channel}, which the campaign does not list in channels` });
  }
}

/** Fields the format does not take (a carousel's `cards` in a modal), where they are written: in the channel's fields and each platform's. */
function formatMisfits(fields: ChannelFields | undefined, format: InAppFormat, path: string, problems: LocatedProblem[]): void {
  fieldMisfits(fields, format, path, problems);
  for (const platform of PLATFORMS) fieldMisfits(fields?.platforms?.[platform], format, `${path}/platforms/${platform}`, problems);
}

function fieldMisfits(fields: Fields | undefined, format: InAppFormat, path: string, problems: LocatedProblem[]): void {
  if (fields === undefined) return;
  const takes: readonly string[] = IN_APP_FORMAT_FIELDS[format].takes;
  for (const name of Object.keys(fields)) {
    if (name === "platforms" || takes.includes(name)) continue;
    const owners = Object.entries(IN_APP_FORMAT_FIELDS)
      .filter(([, fit]) => (fit.takes as readonly string[]).includes(name))
      .map(([owner]) => owner);
    problems.push({ path: childPointer(path, name), message: `a ${format} has no ${name} (${owners.length === 0 ? "no in-app format has" : `it is a field of ${owners.join(", ")}`}); it takes ${takes.join(", ")}` });
  }
}

/** Compiles a template once per place it is written (the variant's field or the campaign's). */
class TemplateCompiler {
  private readonly known = new Map<string, ContentNodeIR | null>();
  constructor(private readonly problems: LocatedProblem[]) {}

  node(value: unknown, name: string, escaping: TemplateEscaping | null, path: string): ContentNodeIR | null {
    if (typeof value === "number" || typeof value === "boolean") return { kind: "value", value };
    if (typeof value === "string") {
      const as: TemplateEscaping | null = escaping ?? (LITERAL_FIELDS.has(name) ? null : LINK_FIELDS.has(name) ? "url" : "text");
      if (as === null) return { kind: "value", value };
      const key = `${as} ${path}`;
      const known = this.known.get(key);
      if (known !== undefined) return known;
      const result = templateIR(value);
      if (!result.ok) for (const problem of result.problems) this.problems.push({ path, message: `${problem.message} (at character ${problem.offset})` });
      // Text without outputs renders the same for everyone: kept as its rendered value (smaller prepared configs, nothing to render per user).
      const node: ContentNodeIR | null = !result.ok ? null : result.template.parts.every((part) => part.kind === "text") ? { kind: "value", value: renderTemplate(linkTemplate(result.template), undefined, as) } : { kind: "template", escaping: as, template: result.template };
      this.known.set(key, node);
      return node;
    }
    if (Array.isArray(value)) {
      const items: ContentNodeIR[] = [];
      value.forEach((item, index) => {
        const node = this.node(item, name, escaping, childPointer(path, String(index)));
        if (node !== null) items.push(node);
      });
      return { kind: "list", items };
    }
    if (typeof value === "object" && value !== null) {
      // Every value of `data` is text, whatever its name (a data field may be called "url").
      const inner = name === "data" ? "text" : escaping;
      const fields: [string, ContentNodeIR][] = [];
      for (const [field, child] of Object.entries(value)) {
        const node = this.node(child, field, inner, childPointer(path, field));
        if (node !== null) fields.push([field, node]);
      }
      return { kind: "object", fields };
    }
    return null;
  }
}

/** One place fields come from, for a platform's tree: the fields, and where they are written. */
interface FieldSource {
  readonly fields: Fields | undefined;
  readonly path: string;
}

/** The fields of a (variant, platform), each with its path: the campaign's, its platform's, the variant's, the variant's platform's — later ones win. */
function mergedFields(sources: readonly FieldSource[]): [string, unknown, string][] {
  const merged = new Map<string, [unknown, string]>();
  for (const source of sources) {
    for (const [name, value] of Object.entries(source.fields ?? {})) if (name !== "platforms") merged.set(name, [value, childPointer(source.path, name)]);
  }
  return [...merged].map(([name, [value, path]]) => [name, value, path]);
}

/** The needed fields a message lacks (one of each list). */
function missingNeeds(names: ReadonlySet<string>, needs: readonly (readonly string[])[]): string[] {
  return needs.filter((oneOf) => !oneOf.some((name) => names.has(name))).map((oneOf) => oneOf.join(" or "));
}

/**
 * Compiles every template once, per variant ("" without an experiment), channel and platform: the
 * campaign's fields, then the variant's over them, and a platform's own fields over each (a
 * variant's field applies on every platform unless the variant has its own for that platform).
 * Every listed channel needs content for every variant that sends, with the fields its channel
 * (and in-app, its format) needs, and no field its format does not take.
 */
export function compileCampaignContent(campaign: Campaign, path: string, problems: LocatedProblem[]): CampaignIR["content"] {
  const compiler = new TemplateCompiler(problems);
  const content = campaign.content as ContentByChannel;
  unlistedChannels(content, campaign.channels, `${path}/content`, problems);
  const variants = campaign.experiment?.variants.map((variant, index) => ({ id: variant.id, content: variant.content as ContentByChannel | undefined, path: `${path}/experiment/variants/${index}` })) ?? [{ id: "", content: undefined, path }];
  const format = campaign.format;
  if (format !== undefined) formatMisfits(content.in_app, format, `${path}/content/in_app`, problems);
  const byVariant: [string, [Channel, ChannelContentIR][]][] = [];
  for (const variant of variants) {
    if (variant.id !== "") unlistedChannels(variant.content, campaign.channels, `${variant.path}/content`, problems);
    if (variant.id !== "" && format !== undefined) formatMisfits(variant.content?.in_app, format, `${variant.path}/content/in_app`, problems);
    if (variant.id !== "" && variant.id === campaign.experiment?.control) continue; // the control sends nothing
    const byChannel: [Channel, ChannelContentIR][] = [];
    for (const channel of campaign.channels) {
      const base = content[channel];
      const own = variant.content?.[channel];
      const contentPath = variant.id === "" ? `${path}/content` : `${variant.path}/content`;
      if (base === undefined && own === undefined) {
        problems.push({ path: contentPath, message: `no content for ${channel}${variant.id === "" ? "" : ` in variant ${JSON.stringify(variant.id)}`}` });
        continue;
      }
      const basePath = `${path}/content/${channel}`;
      const ownPath = `${variant.path}/content/${channel}`;
      const trees: [Platform | "", ContentNodeIR][] = [];
      for (const platform of ["", ...PLATFORMS] as const) {
        if (platform !== "" && base?.platforms?.[platform] === undefined && own?.platforms?.[platform] === undefined) continue;
        const sources: FieldSource[] = [{ fields: base, path: basePath }];
        if (platform !== "") sources.push({ fields: base?.platforms?.[platform], path: `${basePath}/platforms/${platform}` });
        sources.push({ fields: own, path: ownPath });
        if (platform !== "") sources.push({ fields: own?.platforms?.[platform], path: `${ownPath}/platforms/${platform}` });
        const fields = mergedFields(sources);
        // A platform's fields only add to the others': what every user's message has, theirs has.
        const needs = platform !== "" ? [] : channel === "in_app" ? (format === undefined ? [] : IN_APP_FORMAT_FIELDS[format].needs) : CHANNEL_CONTENT_NEEDS[channel];
        const missing = missingNeeds(new Set(fields.map(([name]) => name)), needs);
        if (missing.length > 0) {
          const what = channel === "in_app" ? `a ${format}` : MESSAGE_NAMES[channel];
          problems.push({ path: own === undefined ? basePath : ownPath, message: `${what} needs ${missing.join(", and ")}${variant.id === "" ? "" : ` in variant ${JSON.stringify(variant.id)}`}` });
        }
        const tree: [string, ContentNodeIR][] = [];
        for (const [name, value, fieldPath] of fields) {
          // An email's HTML body is HTML: values written into it are escaped.
          const node = compiler.node(value, name, channel === "email" && name === "html" ? "html" : null, fieldPath);
          if (node !== null) tree.push([name, node]);
        }
        trees.push([platform, { kind: "object", fields: tree }]);
      }
      byChannel.push([channel, trees]);
    }
    byVariant.push([variant.id, byChannel]);
  }
  return byVariant;
}
