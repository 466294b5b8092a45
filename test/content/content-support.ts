/**
 * Shared helpers of the structured-content tests: one-campaign configs, users on a platform, the
 * content of the first decision, and the problems a config is refused with.
 */
import { ConfigError, createEngine, type Engine } from "../../src/engine/index.js";
import type { RenderedContent } from "../../src/engine/content/rendered-content.js";
import type { EngineConfigInput } from "../../src/schema/index.js";
import { NOW, reachableUser } from "../support/engine-fixtures.js";

export { NOW, reachableUser };

export const TAP = "tap";

export type Problem = { path: string; message: string };

/** A config with one campaign `a`, triggered by `tap`, with the given fields. */
export function oneCampaign(fields: Record<string, unknown>): EngineConfigInput {
  return { campaigns: [{ id: "a", category: "promotional", trigger: { event: TAP }, ...fields }] } as EngineConfigInput;
}

/** A one-campaign config sending an in-app message of `format` with `content`. */
export function inApp(format: string, content: Record<string, unknown>, fields: Record<string, unknown> = {}): EngineConfigInput {
  return oneCampaign({ channels: ["in_app"], format, content: { in_app: content }, ...fields });
}

/** A one-campaign config sending on `channel` with `content`. */
export function onChannel(channel: "push" | "web_push" | "email" | "sms", content: Record<string, unknown>, fields: Record<string, unknown> = {}): EngineConfigInput {
  return oneCampaign({ channels: [channel], content: { [channel]: content }, ...fields });
}

/** A user in an active session on `platform` (every channel can reach them). */
export function userOn(platform: string, fields: Record<string, unknown> = {}): Record<string, unknown> {
  return reachableUser({ session: { active: true, online: true, platform, id: `session-${platform}` }, ...fields });
}

/** A user out of any session whose profile says `platform` (for push, email, SMS). */
export function profileOn(platform: string | undefined, fields: Record<string, unknown> = {}): Record<string, unknown> {
  const user = reachableUser(fields);
  delete user.session;
  if (platform !== undefined) user.platform = platform;
  return user;
}

/** The content of the only decision `engine` takes for a `tap` with `properties`. */
export function contentFor(engine: Engine, user: unknown = reachableUser(), properties: unknown = {}): RenderedContent {
  const result = engine.decide({ event: { name: TAP, properties: properties as Record<string, unknown> }, user, now: NOW });
  if (result.decisions.length !== 1) throw new Error(`expected one decision, got ${JSON.stringify(result)}`);
  return result.decisions[0]!.content;
}

/** Renders `config`'s campaign for `user` and an event with `properties`. */
export function render(config: EngineConfigInput, user: unknown = reachableUser(), properties: unknown = {}): RenderedContent {
  return contentFor(createEngine(config), user, properties);
}

/** The problems createEngine refuses `config` with. */
export function problemsOf(config: unknown): Problem[] {
  try {
    createEngine(config);
  } catch (error) {
    if (error instanceof ConfigError) return error.problems.map(({ path, message }) => ({ path, message }));
    throw error;
  }
  throw new Error("createEngine accepted the config");
}

/** What a campaign of `richConfig` needs to send: its event and a user on a platform its format fits. */
export interface RichCampaign {
  readonly id: string;
  readonly event: string;
  readonly channel: "in_app" | "push" | "web_push" | "email" | "sms";
  readonly platform: "ios" | "android" | "web" | "desktop" | "mobile_web";
}

export const RICH_CAMPAIGNS: readonly RichCampaign[] = [
  { id: "modal", event: "modal", channel: "in_app", platform: "ios" },
  { id: "carousel", event: "carousel", channel: "in_app", platform: "android" },
  { id: "tour", event: "tour", channel: "in_app", platform: "web" },
  { id: "survey", event: "survey", channel: "in_app", platform: "mobile_web" },
  { id: "tooltip", event: "tooltip", channel: "in_app", platform: "desktop" },
  { id: "push", event: "push", channel: "push", platform: "ios" },
  { id: "email", event: "email", channel: "email", platform: "web" },
  { id: "sms", event: "sms", channel: "sms", platform: "android" },
];

const P = "event.properties";
const A = "user.attributes";
const link = (prefix: string) => `${prefix}{{ ${P}.path }}?q={{ ${P}.q | url_encode }}&r={{ ${A}.ref }}`;
const button = (id: string, action: Record<string, unknown>) => ({ id, label: `{{ ${A}.first_name | default: "you" }} ${id}`, action });
const ACTIONS = [
  { type: "deep_link", url: `{{ ${P}.url }}` },
  { type: "url", url: link("https://shop.example/"), newWindow: true },
  { type: "dismiss" },
  { type: "custom", name: "save", data: { url: `{{ ${P}.url }}`, id: `{{ ${P}.id }}`, note: `{{ ${P}.q | truncate: 20 }}` } },
];

/**
 * One campaign per in-app format (bar banner, full_screen and card, which take a modal's fields)
 * and per message channel, each on its own event, every text and link a template over the event's
 * properties and the user's attributes, with per-platform fields and an experiment's variants.
 */
export function richConfig(): EngineConfigInput {
  const campaign = (id: string, fields: Record<string, unknown>) => ({ id, category: "promotional", trigger: { event: id }, ...fields });
  return {
    campaigns: [
      campaign("modal", {
        channels: ["in_app"],
        format: "modal",
        content: {
          in_app: {
            title: `Hi {{ ${A}.first_name | default: "there" | capitalize }}`,
            body: `{{ ${P}.count | plus: 1 }} items, {{ ${P}.tags | join: ", " }}`,
            image: `{{ ${P}.url }}`,
            imageAlt: `{{ ${P}.alt }}`,
            action: { type: "url", url: link("/p/") },
            buttons: ACTIONS.map((action, index) => button(`b${index}`, action)),
            data: { url: `{{ ${P}.url }}`, id: `{{ ${P}.id }}` },
            platforms: { ios: { title: `iOS {{ ${P}.q }}`, image: link("shop://img/") } },
          },
        },
        experiment: {
          variants: [
            { id: "a", content: { in_app: { body: `A {{ ${P}.q | upcase }}`, platforms: { android: { body: "A android" } } } } },
            { id: "b", content: { in_app: { platforms: { ios: { imageAlt: `B {{ ${A}.ref }}` } } } } },
          ],
        },
      }),
      campaign("carousel", {
        channels: ["in_app"],
        format: "carousel",
        content: {
          in_app: {
            title: `{{ ${P}.q }}`,
            cards: [
              { id: "c1", title: `{{ ${P}.q }}`, body: `{{ ${A}.first_name }}`, image: link("https://cdn.example/"), imageAlt: "alt", action: ACTIONS[0], button: button("cb1", ACTIONS[1]!) },
              { id: "c2", image: `{{ ${P}.url }}`, action: ACTIONS[3] },
              { id: "c3", body: `{{ ${P}.id | size }}` },
            ],
            data: { id: `{{ ${P}.id }}` },
            platforms: { android: { title: `Android {{ ${P}.q }}` } },
          },
        },
      }),
      campaign("tour", {
        channels: ["in_app"],
        format: "product_tour",
        content: {
          in_app: {
            title: "Tour",
            steps: [
              { id: "s1", anchor: { selector: "#a" }, placement: "top", title: `{{ ${P}.q }}`, body: `{{ ${A}.first_name }}`, image: link("/img/"), imageAlt: "x", buttons: [button("n", ACTIONS[2]!), button("u", ACTIONS[0]!)] },
              { id: "s2", anchor: { screen: "home" }, body: `{{ ${P}.tags | first }}` },
            ],
          },
        },
      }),
      campaign("survey", {
        channels: ["in_app"],
        format: "survey",
        content: {
          in_app: {
            title: `{{ ${A}.first_name }}`,
            body: "b",
            questions: [
              { id: "nps", type: "rating", prompt: `{{ ${P}.q }}?` },
              { id: "stars", type: "rating", prompt: "p", min: 1, max: 5, lowLabel: `{{ ${P}.q }}`, highLabel: "hi", required: true },
              { id: "one", type: "single_choice", prompt: "p", options: [{ id: "o1", label: `{{ ${P}.q }}` }, { id: "o2", label: "two" }] },
              { id: "many", type: "multiple_choice", prompt: "p", options: [{ id: "o1", label: "one" }, { id: "o2", label: "two" }, { id: "o3", label: "3" }], maxSelections: 2 },
              { id: "free", type: "text", prompt: "p", placeholder: `{{ ${P}.q }}`, maxLength: 200 },
            ],
            thankYou: { title: `Thanks {{ ${A}.first_name }}`, buttons: [button("done", ACTIONS[1]!)] },
            platforms: { mobile_web: { body: `mobile {{ ${P}.count }}` } },
          },
        },
      }),
      campaign("tooltip", { channels: ["in_app"], format: "tooltip", content: { in_app: { body: `{{ ${P}.q }}`, anchor: { selector: ".cart" }, placement: "auto", image: `{{ ${P}.url }}`, buttons: [button("t", ACTIONS[3]!)] } } }),
      campaign("push", {
        channels: ["push"],
        content: {
          push: {
            title: `{{ ${P}.q }}`,
            subtitle: `{{ ${A}.first_name }}`,
            body: `{{ ${P}.count | times: 2 }}`,
            image: link("https://cdn.example/"),
            icon: `{{ ${P}.url }}`,
            deepLink: `{{ ${P}.url }}`,
            buttons: [button("p1", ACTIONS[0]!), button("p2", ACTIONS[1]!), button("p3", ACTIONS[2]!)],
            sound: "default",
            badge: 1,
            category: `{{ ${P}.id }}`,
            threadId: "t",
            collapseKey: "k",
            timeSensitive: false,
            data: { url: `{{ ${P}.url }}`, id: `{{ ${P}.id }}` },
            platforms: { ios: { deepLink: link("shop://") }, android: { title: "droid" } },
          },
        },
      }),
      campaign("email", {
        channels: ["email"],
        content: { email: { subject: `{{ ${P}.q }}`, preheader: `{{ ${A}.first_name }}`, html: `<a href="${link("https://shop.example/")}">{{ ${P}.q }}</a>`, text: `{{ ${P}.q }}`, data: { id: `{{ ${P}.id }}` }, platforms: { web: { subject: `web {{ ${P}.q }}` } } } },
      }),
      campaign("sms", { channels: ["sms"], content: { sms: { text: `{{ ${P}.q }} {{ ${A}.first_name }}`, platforms: { android: { text: `{{ ${P}.q | truncate: 10 }}` } } } } }),
    ],
  } as unknown as EngineConfigInput;
}

/** A user `richConfig`'s campaign `campaign` reaches. */
export function richUser(campaign: RichCampaign, fields: Record<string, unknown> = {}): Record<string, unknown> {
  return reachableUser({
    session: { active: true, online: true, platform: campaign.platform, id: "s1" },
    ...fields,
  });
}
