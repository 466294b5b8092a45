import type { Channel } from "../../channels/channel.js";
import { childPointer } from "../../json/json-pointer.js";
import type { LocatedProblem } from "../../validation/located-problems.js";
import type { Campaign } from "../../schema/campaign-schema.js";
import { templateIR } from "../content/compile-template.js";
import type { TemplateIR } from "../content/template-model.js";
import type { CampaignIR } from "../model/engine-model.js";

type ContentByChannel = Partial<Record<Channel, Readonly<Record<string, string>>>>;

/** Content for channels the campaign does not list is a mistake (it would never be sent). */
function unlistedChannels(content: ContentByChannel | undefined, channels: readonly Channel[], path: string, problems: LocatedProblem[]): void {
  for (const channel of Object.keys(content ?? {})) {
    if (!channels.includes(channel as Channel)) problems.push({ path: childPointer(path, channel), message: `content for ${channel}, which the campaign does not list in channels` });
  }
}

/**
 * Parses every template once, per variant ("" without an experiment) and channel: the variant's
 * fields over the campaign's. Every listed channel needs content for every variant that sends.
 */
export function compileCampaignContent(campaign: Campaign, path: string, problems: LocatedProblem[]): CampaignIR["content"] {
  const compiledSources = new Map<string, TemplateIR | null>();
  const compileField = (source: string, fieldPath: string): TemplateIR | null => {
    const known = compiledSources.get(fieldPath);
    if (known !== undefined) return known;
    const result = templateIR(source);
    if (!result.ok) for (const problem of result.problems) problems.push({ path: fieldPath, message: `${problem.message} (at character ${problem.offset})` });
    const template = result.ok ? result.template : null;
    compiledSources.set(fieldPath, template);
    return template;
  };

  unlistedChannels(campaign.content, campaign.channels, `${path}/content`, problems);
  const variants = campaign.experiment?.variants.map((variant, index) => ({ id: variant.id, content: variant.content, path: `${path}/experiment/variants/${index}` })) ?? [{ id: "", content: undefined, path }];
  const byVariant: [string, [Channel, [string, TemplateIR][]][]][] = [];
  for (const variant of variants) {
    if (variant.id !== "") unlistedChannels(variant.content, campaign.channels, `${variant.path}/content`, problems);
    if (variant.id !== "" && variant.id === campaign.experiment?.control) continue; // the control sends nothing
    const byChannel: [Channel, [string, TemplateIR][]][] = [];
    for (const channel of campaign.channels) {
      const base = campaign.content[channel];
      const own = variant.content?.[channel];
      if (base === undefined && own === undefined) {
        problems.push({ path: variant.id === "" ? `${path}/content` : `${variant.path}/content`, message: `no content for ${channel}${variant.id === "" ? "" : ` in variant ${JSON.stringify(variant.id)}`}` });
        continue;
      }
      const fields: [string, TemplateIR][] = [];
      for (const [field, source] of Object.entries({ ...base, ...own })) {
        const fieldPath = own !== undefined && Object.hasOwn(own, field) ? `${variant.path}/content/${channel}/${field}` : `${path}/content/${channel}/${field}`;
        const template = compileField(source, fieldPath);
        if (template !== null) fields.push([field, template]);
      }
      byChannel.push([channel, fields]);
    }
    byVariant.push([variant.id, byChannel]);
  }
  return byVariant;
}
