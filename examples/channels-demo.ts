/**
 * `npm run demo` (third part): for each example user (examples/channels.json), which channel each
 * campaign would use now — or when — and why not the others, under the example caps and quiet hours.
 */
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { compileCapPolicy, type CapPolicyInput, type Delivery } from "../src/caps/index.js";
import { chooseChannel, compileChannelCampaign, compileChannelPolicy, type ChannelCampaignInput, type ChannelChoice, type ChannelPolicyInput } from "../src/channels/index.js";

interface ChannelsExample {
  readonly now: string;
  readonly policy: ChannelPolicyInput;
  readonly caps: CapPolicyInput;
  readonly campaigns: ChannelCampaignInput[];
  readonly users: { label: string; user: unknown; history: (Omit<Delivery, "at"> & { at: string })[] }[];
}

const example = JSON.parse(readFileSync(fileURLToPath(new URL("./channels.json", import.meta.url)), "utf8")) as ChannelsExample;
// Validated once: a ChannelConfigError or CapPolicyError here lists every problem with its JSON pointer.
const policy = compileChannelPolicy(example.policy);
const campaigns = example.campaigns.map((campaign) => compileChannelCampaign(campaign, policy));
const capPolicy = compileCapPolicy(example.caps);
const now = Date.parse(example.now);

/** "now" or the wait, e.g. "in 10h 30m (2026-11-24T08:00Z)". */
function when(sendAt: number): string {
  if (sendAt === now) return "now";
  const minutes = Math.round((sendAt - now) / 60_000);
  return `in ${Math.floor(minutes / 60)}h ${String(minutes % 60).padStart(2, "0")}m (${new Date(sendAt).toISOString().slice(0, 16)}Z)`;
}

/** One line per choice: what goes where and when, then why not the others. */
function describeChoice(choice: ChannelChoice): string[] {
  const sends = choice.deliveries.map((delivery) => `${delivery.channel} ${when(delivery.sendAt)}`).join(" + ");
  const extras = [choice.proofOfDelivery ? "kept as proof" : "", choice.deliveries.some((delivery) => !delivery.counts) ? "not counted toward caps" : ""].filter(Boolean);
  const head = `${choice.campaignId.padEnd(17)} ${sends === "" ? "nothing" : sends}${extras.length > 0 ? ` (${extras.join(", ")})` : ""}`;
  return [head, ...choice.rejected.map((rejection) => `${"".padEnd(19)}✗ ${rejection.channel}: ${rejection.reason} — ${rejection.detail}`)];
}

console.log(`\nnudgekit channels demo: ${campaigns.length} campaigns × ${example.users.length} users at ${example.now} (from examples/channels.json)`);
console.log("caps: 2 push a day, 5 marketing messages a week, 30 min between in-app messages, no push or SMS 21:00–08:00 local\n");
for (const { label, user, history } of example.users) {
  console.log(label);
  const deliveries = history.map((delivery) => ({ ...delivery, at: Date.parse(delivery.at) }));
  for (const campaign of campaigns) {
    const choice = chooseChannel(campaign, user, now, { caps: { policy: capPolicy, history: { deliveries } } });
    for (const line of describeChoice(choice)) console.log(`  ${line}`);
  }
  console.log("");
}
