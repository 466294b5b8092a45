import { isChannel } from "../../channels/channel.js";
import { childPointer } from "../../json/json-pointer.js";
import type { CapPolicyInput } from "../../caps/policy/cap-policy-schema.js";
import type { LocatedProblem } from "../../validation/located-problems.js";
import type { Campaign } from "../../schema/campaign-schema.js";
import type { JourneyDefinition } from "../../journeys/definition/journey-schema.js";

/** What campaigns and journeys' message steps name, that caps and arbitration may refer to (a journey's messages go out under its id). */
export interface CampaignNames {
  readonly ids: ReadonlySet<string>;
  readonly tags: ReadonlySet<string>;
  readonly placements: ReadonlySet<string>;
}

export function campaignNames(campaigns: readonly (Campaign | undefined)[], declaredTags: readonly string[] | undefined, journeys: readonly (JourneyDefinition | undefined)[] = []): CampaignNames {
  const ids = new Set<string>();
  const tags = new Set<string>(declaredTags ?? []);
  const placements = new Set<string>();
  const add = (id: string, named: { readonly tags?: readonly string[] | undefined; readonly placement?: string | undefined }): void => {
    ids.add(id);
    for (const tag of named.tags ?? []) tags.add(tag);
    if (named.placement !== undefined) placements.add(named.placement);
  };
  for (const campaign of campaigns) if (campaign !== undefined) add(campaign.id, campaign);
  for (const journey of journeys) {
    if (journey === undefined) continue;
    ids.add(journey.id);
    for (const node of Object.values(journey.nodes)) if (node.type === "message") add(journey.id, node);
  }
  return { ids, tags, placements };
}

function scopeProblems(scope: unknown, path: string, names: CampaignNames): LocatedProblem[] {
  if (typeof scope !== "object" || scope === null) return [];
  const problems: LocatedProblem[] = [];
  const s = scope as { channel?: string; channels?: string[]; campaign?: string; tag?: string; placement?: string };
  if (s.channel !== undefined && !isChannel(s.channel)) problems.push({ path: `${path}/channel`, message: `unknown channel ${JSON.stringify(s.channel)}` });
  s.channels?.forEach((channel, index) => {
    if (!isChannel(channel)) problems.push({ path: `${path}/channels/${index}`, message: `unknown channel ${JSON.stringify(channel)}` });
  });
  if (s.campaign !== undefined && !names.ids.has(s.campaign)) problems.push({ path: `${path}/campaign`, message: `unknown campaign ${JSON.stringify(s.campaign)}` });
  if (s.tag !== undefined && !names.tags.has(s.tag)) problems.push({ path: `${path}/tag`, message: `no campaign has tag ${JSON.stringify(s.tag)} (a typo would leave the cap unenforced)` });
  if (s.placement !== undefined && !names.placements.has(s.placement)) problems.push({ path: `${path}/placement`, message: `no campaign uses placement ${JSON.stringify(s.placement)}` });
  return problems;
}

/** Caps, cooldowns and quiet hours must name channels, campaigns, tags and placements that exist. */
export function capReferenceProblems(caps: CapPolicyInput, names: CampaignNames): LocatedProblem[] {
  return [
    ...(caps.caps ?? []).flatMap((cap, index) => scopeProblems(cap.scope, `/caps/caps/${index}/scope`, names)),
    ...(caps.cooldowns ?? []).flatMap((cooldown, index) => scopeProblems(cooldown.scope, `/caps/cooldowns/${index}/scope`, names)),
    ...(caps.quietHours ?? []).flatMap((quiet, index) =>
      quiet.channels.flatMap((channel, position) => (isChannel(channel) ? [] : [{ path: `/caps/quietHours/${index}/channels/${position}`, message: `unknown channel ${JSON.stringify(channel)}` }])),
    ),
  ];
}

/** Arbitration's placement limits must name placements some campaign uses. */
export function placementReferenceProblems(placements: Readonly<Record<string, number>> | undefined, names: CampaignNames): LocatedProblem[] {
  return Object.keys(placements ?? {}).flatMap((placement) => (names.placements.has(placement) ? [] : [{ path: childPointer("/arbitration/placements", placement), message: `no campaign uses placement ${JSON.stringify(placement)}` }]));
}
