/**
 * The guides' code, run against the library's source (docs/guides/*.md).
 *
 * A guide's code block preceded by `<!-- tested: NAME -->` has a faithful copy here, between
 * `// #region NAME` and `// #endregion NAME`. The first test of each guide checks that the two
 * are the same, line for line (indentation and blank lines aside; the copy's imports are at the top
 * of this file, from ../../src instead of "nudgekit"), and that this file imports every name
 * the block imports, from the matching source module, so that `tsc -p tsconfig.dev.json` checks
 * the guide's imports too. The other tests run the copies and check what the guides say they do.
 *
 * Editing a guide's tested block means editing its copy here (the test says which block differs).
 */
import { existsSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { createClient } from "redis";
import { afterEach, describe, expect, it, vi } from "vitest";
import { applyRecords, ConfigError, createEngine, loadEngine, prepareConfig, type CampaignInput, type FullEngineHistory, type DecideResult, type Decision, type Engine, type EngineConfigInput, type EngineEvent, type EngineHistory, type EngineRecord, type Exposure, type PendingTrigger } from "../../src/index.js";
import { compileRule, explainRule, formatExplanation, truthy, validateRule } from "../../src/rules/index.js";
import { assignVariant, banditAllocation, compileExperiment, diffAllocations, pickWinner, sampleRatioMismatch, sampleSize, type StickyDocument } from "../../src/experiments/index.js";
import { compileMetricsConfig, createOutcomeState, experimentReport, foldOutcomes, outcomesOfResult, settleOutcomes, type MetricsEvent } from "../../src/metrics/index.js";
import { ChannelConfigError, chooseChannel, compileChannelPolicy, type ChannelCampaignInput } from "../../src/channels/index.js";
import { checkCaps, compileCapPolicy, MemoryCapStore, recordDelivery, type CapPolicyInput, type CapStore, type Delivery, type DeliveryHistory } from "../../src/caps/index.js";
import { runCliCaptured } from "../support/run-cli-captured.js";
import { foldCompiledEvents } from "../../src/runtime/index.js";
import { browserGuide, browserImports } from "./browser-guide-code.js";
import { RedisCapStore } from "../../src/redis/index.js";
import { parseEventLine, replayEvents, type ReplayEvent } from "../../src/replay/index.js";
import { behaviouralOperators, compileSegments, foldEvents, type BehaviourAggregates } from "../../src/segments/index.js";

// The Redis example is type-checked (against the real package's types), not run: no Redis client is loaded.
vi.mock("redis", () => ({
  createClient: () => {
    throw new Error("test/guides runs no Redis");
  },
}));

// ---------------------------------------------------------------------------------------------
// Guide blocks and their copies in this file

const GUIDES_DIR = fileURLToPath(new URL("../../docs/guides/", import.meta.url));
const SELF = readFileSync(fileURLToPath(import.meta.url), "utf8");
/**
 * Files holding copies: this one, and copies that cannot share its scope (the browser guide
 * imports `foldEvents` from nudgekit/runtime, the backend guide from nudgekit/segments).
 */
const COPY_FILES = [SELF, readFileSync(fileURLToPath(new URL("./browser-guide-code.ts", import.meta.url)), "utf8")];

/** Where a guide's import specifier is, for this file. */
function sourceModuleOf(specifier: string): string {
  if (specifier === "nudgekit") return "../../src/index.js";
  if (specifier === "nudgekit/segments/workers") return "../../src/node/segment-workers/index.js";
  if (specifier.startsWith("nudgekit/")) return `../../src/${specifier.slice("nudgekit/".length)}/index.js`;
  return specifier; // node:fs, redis, …
}

interface ImportLine {
  readonly names: readonly string[];
  readonly specifier: string;
}

/** `import { a, type B } from "x";` and `import type { C } from "x";` (one line each), as names and specifier. */
function parseImport(line: string): ImportLine | undefined {
  const match = /^import\s+(?:type\s+)?\{([^}]*)\}\s+from\s+"([^"]+)";?$/.exec(line.trim());
  if (match === null) return undefined;
  const names = (match[1] ?? "")
    .split(",")
    .map((name) => name.trim().replace(/^type\s+/, ""))
    .filter((name) => name !== "");
  return { names, specifier: match[2] ?? "" };
}

const isImport = (line: string): boolean => /^import\s/.test(line.trim());
const normalise = (lines: readonly string[]): string[] => lines.map((line) => line.trim()).filter((line) => line !== "");

interface GuideBlock {
  readonly guide: string;
  readonly name: string;
  readonly code: readonly string[];
  readonly imports: readonly ImportLine[];
}

/** The tested blocks of one guide. */
function testedBlocks(guide: string): GuideBlock[] {
  const lines = readFileSync(join(GUIDES_DIR, guide), "utf8").split("\n");
  const blocks: GuideBlock[] = [];
  for (let index = 0; index < lines.length; index++) {
    const marker = /^<!-- tested: ([\w-]+)/.exec(lines[index] ?? "");
    if (marker === null) continue;
    const fence = lines[index + 1] ?? "";
    if (!/^```(ts|js)$/.test(fence)) throw new Error(`${guide}:${index + 1}: "tested" must be followed by a \`\`\`ts block`);
    const end = lines.indexOf("```", index + 2);
    const body = lines.slice(index + 2, end);
    const imports = body.filter(isImport).map((line) => {
      const parsed = parseImport(line);
      if (parsed === undefined) throw new Error(`${guide}: block ${marker[1]}: write imports as one-line named imports: ${line}`);
      return parsed;
    });
    blocks.push({ guide, name: marker[1] ?? "", code: normalise(body.filter((line) => !isImport(line))), imports });
  }
  return blocks;
}

/** The copy of a block, and the text of the file that holds it. */
function copyOf(name: string): { readonly code: string[]; readonly file: string } | undefined {
  for (const file of COPY_FILES) {
    const lines = file.split("\n");
    const start = lines.findIndex((line) => line.trim() === `// #region ${name}`);
    if (start === -1) continue;
    const end = lines.findIndex((line, index) => index > start && line.trim() === `// #endregion ${name}`);
    return { code: normalise(lines.slice(start + 1, end)), file };
  }
  return undefined;
}

/** The names a copy file imports from a module. */
function importedIn(file: string, module: string): Set<string> {
  const names = new Set<string>();
  for (const line of file.split("\n")) {
    const parsed = parseImport(line);
    if (parsed !== undefined && parsed.specifier === module) for (const name of parsed.names) names.add(name);
  }
  return names;
}

/** Checks that every tested block of a guide has an identical copy here, with its imports. */
function expectCopiesInSync(guide: string, expectedBlocks: readonly string[]): void {
  const blocks = testedBlocks(guide);
  expect(blocks.map((block) => block.name)).toEqual(expectedBlocks);
  for (const block of blocks) {
    const found = copyOf(block.name);
    expect(found, `${guide}: no "// #region ${block.name}" in test/guides/`).toBeDefined();
    const copy = found?.code;
    const firstDifference = block.code.findIndex((line, index) => copy?.[index] !== line);
    const where = firstDifference === -1 ? block.code.length : firstDifference;
    expect(copy, `${guide}: block ${block.name} differs from its copy at line ${where + 1} of the block:\n  guide: ${block.code[where] ?? "(end)"}\n  copy:  ${copy?.[where] ?? "(end)"}`).toEqual(block.code);
    for (const { names, specifier } of block.imports) {
      const module = sourceModuleOf(specifier);
      const here = importedIn(found?.file ?? "", module);
      for (const name of names) expect(here.has(name), `${guide}: block ${block.name} imports ${name} from "${specifier}": import it here from "${module}"`).toBe(true);
    }
  }
}

/** GitHub's anchor for a heading: lower case, punctuation dropped, spaces as hyphens. */
const slugOf = (heading: string): string =>
  heading
    .trim()
    .toLowerCase()
    .replace(/[^\p{L}\p{N}\s_-]/gu, "")
    .replace(/\s/g, "-");

/** The anchors of a Markdown file's headings (outside code blocks). */
function anchorsOf(file: string): Set<string> {
  const anchors = new Set<string>();
  let inCode = false;
  for (const line of readFileSync(file, "utf8").split("\n")) {
    if (line.startsWith("```")) inCode = !inCode;
    const heading = inCode ? null : /^#{1,6}\s+(.*)$/.exec(line);
    if (heading !== null) anchors.add(slugOf(heading[1] ?? ""));
  }
  return anchors;
}

describe("the guides", () => {
  it("every relative link resolves, to a file and to a heading in it", () => {
    const guides = readdirSync(GUIDES_DIR).filter((file) => file.endsWith(".md"));
    const broken: string[] = [];
    for (const guide of guides) {
      const text = readFileSync(join(GUIDES_DIR, guide), "utf8").replace(/```[\s\S]*?```/g, "");
      for (const [, target = ""] of text.matchAll(/\]\(([^)\s]+)\)/g)) {
        if (/^[a-z]+:/.test(target)) continue; // https:, mailto:
        const [path = "", anchor] = target.split("#");
        const file = path === "" ? join(GUIDES_DIR, guide) : join(GUIDES_DIR, path);
        if (!existsSync(file)) broken.push(`${guide}: ${target} (no such file)`);
        else if (anchor !== undefined && !anchorsOf(file).has(anchor)) broken.push(`${guide}: ${target} (no such heading)`);
      }
    }
    expect(broken).toEqual([]);
  });


  it("every guide is in the index, and every tested block has a copy here", () => {
    const guides = readdirSync(GUIDES_DIR).filter((file) => file.endsWith(".md") && file !== "README.md");
    const index = readFileSync(join(GUIDES_DIR, "README.md"), "utf8");
    for (const guide of guides) expect(index, `docs/guides/README.md does not link ${guide}`).toContain(`(${guide})`);
    const names = guides.flatMap((guide) => testedBlocks(guide).map((block) => block.name));
    expect(new Set(names).size, "block names must be unique across guides").toBe(names.length);
    const regions = COPY_FILES.flatMap((file) => [...file.matchAll(/^\s*\/\/ #region ([\w-]+)$/gm)].map((match) => match[1]));
    expect(regions.filter((name) => !names.includes(name ?? "")), "regions here without a tested block in a guide").toEqual([]);
  });

  it("no tested block declares a name the library exports (a reader would take it for the library's)", async () => {
    const modules: object[] = await Promise.all([
      import("../../src/index.js"),
      import("../../src/runtime/index.js"),
      import("../../src/schema/index.js"),
      import("../../src/testing/index.js"),
    ]);
    const exported = new Set(modules.flatMap((module) => Object.keys(module)));
    const guides = readdirSync(GUIDES_DIR).filter((file) => file.endsWith(".md") && file !== "README.md");
    const clashes = guides.flatMap((guide) =>
      testedBlocks(guide).flatMap((block) =>
        block.code.flatMap((line) => [...line.matchAll(/^(?:export\s+)?(?:async\s+)?(?:function\*?|const|let|var|class)\s+([A-Za-z_$][\w$]*)/g)].map((match) => match[1] ?? "")).filter((name) => exported.has(name)).map((name) => `${guide}: block ${block.name} declares ${name}`),
      ),
    );
    expect(clashes).toEqual([]);
  });

  it("no tested block merges engine records into a history by hand: applyRecords does it", () => {
    const guides = readdirSync(GUIDES_DIR).filter((file) => file.endsWith(".md") && file !== "README.md");
    const byHand = guides.flatMap((guide) => testedBlocks(guide).filter((block) => block.code.some((line) => /\b(deliveries|exposures|pending): \[\.\.\./.test(line))).map((block) => `${guide}: ${block.name}`));
    expect(byHand).toEqual([]);
  });
});

// ---------------------------------------------------------------------------------------------
// Shared fixtures

const temporaryDirectory = mkdtempSync(join(tmpdir(), "nudgekit-guides-"));
const at = (iso: string): number => Date.parse(iso);
const MINUTE = 60_000;

// ---------------------------------------------------------------------------------------------
// getting-started-backend.md

const backendConfig = {
  timeZone: "Europe/Paris",
  behaviour: { events: { signup: {}, app_open: {}, checkout_started: {}, purchase: {} } },
  caps: {
    caps: [{ id: "marketing-2-a-day", scope: { tag: "marketing" }, limit: 2, window: { calendar: "day" } }],
    quietHours: [{ id: "night", channels: ["push", "sms"], from: "21:00", to: "08:00" }],
  },
  campaigns: [
    {
      id: "welcome",
      category: "onboarding",
      channels: ["in_app", "push"],
      format: "modal",
      trigger: { event: "signup" },
      content: {
        in_app: { title: 'Welcome, {{ user.attributes.first_name | default: "friend" }}!' },
        push: { title: "Welcome!" },
      },
    },
    {
      id: "cart-abandonment",
      category: "promotional",
      priority: 80,
      tags: ["marketing"],
      channels: ["push", "email"],
      trigger: { event: "checkout_started", where: { ">": [{ var: "event.properties.value" }, 0] }, delay: "1h", cancelOn: ["purchase"] },
      content: { push: { title: "Still thinking it over?" }, email: { subject: "Your cart is waiting", text: "Your cart is waiting" } },
    },
  ],
};

/** The backend guide's code, in one scope, with in-memory services. */
function backendGuide() {
  // #region backend-load
  const configPath = process.env.NUDGEKIT_CONFIG ?? "config/campaigns.json";

  function engineFromConfigFile(path: string): Engine {
    const config: unknown = JSON.parse(readFileSync(path, "utf8"));
    try {
      return createEngine(config);
    } catch (error) {
      if (!(error instanceof ConfigError)) throw error;
      const problems = error.problems.map((problem) => `  ${problem.path || "/"}: ${problem.message}`);
      throw new Error(`${path} is not a valid nudgekit config:\n${problems.join("\n")}`, { cause: error });
    }
  }

  let engine = engineFromConfigFile(configPath);

  /** On a config change: a config that does not load never replaces the running one. */
  function reloadEngine(log: (message: string) => void): void {
    try {
      engine = engineFromConfigFile(configPath);
    } catch (error) {
      log(String(error));
    }
  }
  // #endregion backend-load

  // #region backend-state
  interface UserState {
    profile: { id: string; timeZone?: string; [field: string]: unknown };
    behaviour: BehaviourAggregates | null;
    /** Deliveries, exposures and delayed triggers: after each engine call, `applyRecords(history, result.records)`. */
    history: FullEngineHistory;
  }
  // #endregion backend-state

  // #region backend-decide
  type Job = { kind: "due-check"; userId: string } | { kind: "send"; userId: string; decision: Decision; delivery: Delivery };

  interface Services {
    users: { load(userId: string): Promise<UserState>; save(userId: string, state: UserState): Promise<void> };
    /** One pending job per key: scheduling a key again replaces its job. */
    jobs: { schedule(key: string, at: number, job: Job): Promise<void> };
    /** Your push / email / SMS providers, or the in-app channel of your API. */
    send(userId: string, decision: Decision): Promise<void>;
  }

  interface IncomingEvent {
    userId: string;
    name: string;
    /** Lets foldEvents recognise a redelivered event. */
    id?: string;
    /** When it happened, epoch ms. */
    time: number;
    properties?: Record<string, unknown>;
    /** Sent by the app while it is open: in-app messages need an active session. */
    session?: { active: boolean; platform?: string; id?: string };
  }

  async function handleEvent(services: Services, input: IncomingEvent, now: number): Promise<DecideResult> {
    const state = await services.users.load(input.userId);
    const event = {
      name: input.name,
      time: input.time,
      ...(input.id === undefined ? {} : { id: input.id }),
      ...(input.properties === undefined ? {} : { properties: input.properties }),
    };
    // Fold first, so that behavioural rules, segments and cancelOn see this event.
    const behaviour = engine.behaviour === null ? state.behaviour : foldEvents(state.behaviour, [event], engine.behaviour, { now });
    const user = { ...state.profile, behaviour, session: input.session ?? { active: false } };

    const result = engine.decide({ event, user, history: state.history, now });

    const history = applyRecords(state.history, result.records);
    await services.users.save(input.userId, { ...state, behaviour, history });
    for (const send of sendsOf(result)) await dispatch(services, input.userId, send, now);
    await scheduleDueCheck(services, input.userId, engine.nextCheckAt(user, now, history));
    return result;
  }
  // #endregion backend-decide

  // #region backend-dispatch
  interface Send {
    decision: Decision;
    delivery: Delivery;
  }

  /** Each decision with the delivery record the engine returned for it (same campaign and channel). */
  function sendsOf(result: DecideResult): Send[] {
    const deliveries = result.records.flatMap((record) => (record.type === "delivery" ? [record.delivery] : []));
    return result.decisions.map((decision) => ({
      decision,
      delivery: deliveries.find((delivery) => delivery.campaign === decision.campaignId && delivery.channel === decision.channel)!,
    }));
  }

  async function dispatch(services: Services, userId: string, send: Send, now: number): Promise<void> {
    if (send.decision.sendAt <= now) return deliver(services, userId, send, now);
    const key = `send:${userId}:${send.decision.campaignId}:${send.decision.channel}`;
    await services.jobs.schedule(key, send.decision.sendAt, { kind: "send", userId, ...send });
  }

  async function scheduleDueCheck(services: Services, userId: string, at: number | null): Promise<void> {
    if (at !== null) await services.jobs.schedule(`due:${userId}`, at, { kind: "due-check", userId });
  }

  /** Your queue calls this when a job's time comes. */
  async function runJob(services: Services, job: Job, now: number): Promise<void> {
    if (job.kind === "send") return deliver(services, job.userId, job, now);
    const state = await services.users.load(job.userId);
    const user = { ...state.profile, behaviour: state.behaviour, session: { active: false } };

    const result = engine.due({ user, history: state.history, now });

    const history = applyRecords(state.history, result.records);
    await services.users.save(job.userId, { ...state, history });
    for (const send of sendsOf(result)) await dispatch(services, job.userId, send, now);
    await scheduleDueCheck(services, job.userId, engine.nextCheckAt(user, now, history));
  }
  // #endregion backend-dispatch

  // #region backend-caps
  const { caps } = JSON.parse(readFileSync(configPath, "utf8")) as EngineConfigInput;
  const capStore: CapStore = new MemoryCapStore(caps ?? {});
  const defaultTimeZone = "Europe/Paris"; // the config's timeZone

  async function deliver(services: Services, userId: string, send: Send, now: number): Promise<void> {
    const { decision, delivery } = send;
    // Urgent, transactional and regulatory messages do not count toward caps, and ignore them.
    if (delivery.counts === false) return services.send(userId, decision);
    const { profile } = await services.users.load(userId);
    const reserved = await capStore.reserve(userId, delivery, now, profile.timeZone ?? defaultTimeZone);
    if (!reserved.granted) {
      // Another instance sent first. Try again when the caps allow it, or drop it.
      const { retryAt, action } = reserved.decision;
      const key = `send:${userId}:${decision.campaignId}:${decision.channel}`;
      if (retryAt !== null && action === "defer") await services.jobs.schedule(key, retryAt, { kind: "send", userId, ...send });
      return;
    }
    try {
      await services.send(userId, decision);
    } catch (error) {
      await capStore.release(reserved.reservation); // a failed send does not count
      throw error;
    }
  }
  // #endregion backend-caps

  // #region backend-redis
  async function redisCapStore(url: string, policy: EngineConfigInput["caps"]): Promise<CapStore> {
    // disableOfflineQueue: commands fail at once while Redis is down, instead of queueing.
    const client = createClient({ url, disableOfflineQueue: true });
    await client.connect();
    return new RedisCapStore(client, policy ?? {}, { keyPrefix: "myapp:caps:" });
  }
  // #endregion backend-redis

  // #region backend-explain
  async function whyNot(services: Services, userId: string, campaignId: string, at: number, event?: EngineEvent): Promise<string> {
    const { profile, behaviour, history } = await services.users.load(userId);
    const user = { ...profile, behaviour };
    const explanation = engine.explain(campaignId, event === undefined ? { user, history, now: at } : { event, user, history, now: at });
    const steps = explanation.steps.map((step) => `  ${step.step}: ${step.verdict}${step.reason === undefined ? "" : ` (${step.reason})`} ${step.detail}`);
    return [`${campaignId}: ${explanation.outcome}`, ...steps].join("\n");
  }
  // #endregion backend-explain

  // In-memory services, as the guide's interfaces describe them.
  const users = new Map<string, UserState>();
  const jobs = new Map<string, { at: number; job: Job }>();
  const sent: { userId: string; decision: Decision }[] = [];
  const services: Services = {
    users: {
      load: async (userId) => users.get(userId) ?? { profile: { id: userId }, behaviour: null, history: { deliveries: [], exposures: [], pending: [], engagement: [], journeys: [] } },
      save: async (userId, state) => void users.set(userId, state),
    },
    jobs: { schedule: async (key, at, job) => void jobs.set(key, { at, job }) },
    send: async (userId, decision) => void sent.push({ userId, decision }),
  };
  /** Runs the jobs due by `until`, in time order, as a queue would. */
  async function runJobsUntil(until: number): Promise<void> {
    for (;;) {
      const next = [...jobs.entries()].filter(([, entry]) => entry.at <= until).sort((a, b) => a[1].at - b[1].at)[0];
      if (next === undefined) return;
      jobs.delete(next[0]);
      await runJob(services, next[1].job, next[1].at);
    }
  }
  return { engine: () => engine, engineFromConfigFile, reloadEngine, handleEvent, runJobsUntil, whyNot, redisCapStore, capStore, services, users, jobs, sent };
}

describe("getting-started-backend.md", () => {
  const configFile = join(temporaryDirectory, "campaigns.json");
  writeFileSync(configFile, JSON.stringify(backendConfig));
  process.env.NUDGEKIT_CONFIG = configFile;
  const guide = backendGuide();
  const ada = { id: "u-ada", attributes: { first_name: "Ada" }, timeZone: "Europe/Paris", consents: { push: { optedIn: true, tokens: [{ platform: "ios" }] }, email: { optedIn: true, verified: true } } };
  guide.users.set("u-ada", { profile: ada, behaviour: null, history: { deliveries: [], exposures: [], pending: [], engagement: [], journeys: [] } });

  it("has its tested blocks in sync with this file", () => {
    expectCopiesInSync("getting-started-backend.md", ["backend-load", "backend-state", "backend-decide", "backend-dispatch", "backend-caps", "backend-redis", "backend-explain"]);
  });

  it("the config in the guide is the one tested, and it loads", () => {
    const guideText = readFileSync(join(GUIDES_DIR, "getting-started-backend.md"), "utf8");
    const json = /```json\n([\s\S]*?)\n```/.exec(guideText)?.[1] ?? "";
    expect(JSON.parse(json)).toEqual(backendConfig);
    expect(guide.engine().campaignIds).toEqual(["welcome", "cart-abandonment"]);
  });

  it("engineFromConfigFile lists every problem with its path; a reload with a broken config keeps the running engine", () => {
    const broken = join(temporaryDirectory, "broken.json");
    const campaigns = structuredClone(backendConfig.campaigns) as Record<string, unknown>[];
    campaigns[1] = { ...campaigns[1], category: "promotinal", content: { push: { title: "{{ user.name | upcas }}" }, email: { subject: "x", text: "x" } } };
    writeFileSync(broken, JSON.stringify({ ...backendConfig, campaigns }));
    expect(() => guide.engineFromConfigFile(broken)).toThrow(/\/campaigns\/1\/category: unknown category "promotinal"[\s\S]*\/campaigns\/1\/content\/push\/title: unknown filter "upcas"/);
    const running = guide.engine();
    const logged: string[] = [];
    writeFileSync(configFile, readFileSync(broken, "utf8"));
    try {
      guide.reloadEngine((message) => logged.push(message));
    } finally {
      writeFileSync(configFile, JSON.stringify(backendConfig));
    }
    expect(logged).toEqual([expect.stringContaining("is not a valid nudgekit config")]);
    expect(guide.engine()).toBe(running);
    guide.reloadEngine((message) => logged.push(message));
    expect(logged).toHaveLength(1);
    expect(guide.engine()).not.toBe(running);
  });

  it("a signup in the app shows the welcome modal at once, rendered", async () => {
    const now = at("2026-11-23T09:00:00Z");
    const result = await guide.handleEvent(guide.services, { userId: "u-ada", name: "signup", id: "e1", time: now, session: { active: true, platform: "ios", id: "s1" } }, now);
    expect(result.decisions).toMatchObject([{ campaignId: "welcome", channel: "in_app", format: "modal", content: { title: "Welcome, Ada!" }, sendAt: now }]);
    expect(guide.sent.map((entry) => entry.decision.campaignId)).toEqual(["welcome"]);
    const state = guide.users.get("u-ada");
    expect(state?.history.deliveries).toEqual([{ at: now, channel: "in_app", campaign: "welcome", session: "s1" }]);
    expect(state?.behaviour?.events.signup?.n).toBe(1);
  });

  it("checkout_started at 20:30 in Paris waits an hour; the due check at 21:30 sends email (push is in quiet hours), through the cap store", async () => {
    const now = at("2026-11-23T19:30:00Z");
    const result = await guide.handleEvent(guide.services, { userId: "u-ada", name: "checkout_started", id: "e2", time: now, properties: { value: 42 } }, now);
    expect(result.decisions).toEqual([]);
    expect(result.records).toMatchObject([{ type: "pending", pending: { campaign: "cart-abandonment", dueAt: now + 60 * MINUTE } }]);
    expect(guide.jobs.get("due:u-ada")?.at).toBe(now + 60 * MINUTE);
    await guide.runJobsUntil(now + 60 * MINUTE);
    expect(guide.sent.map((entry) => [entry.decision.campaignId, entry.decision.channel])).toEqual([
      ["welcome", "in_app"],
      ["cart-abandonment", "email"],
    ]);
    expect(guide.users.get("u-ada")?.history.pending).toEqual([]);
    expect((guide.capStore as MemoryCapStore).historyOf("u-ada").deliveries).toMatchObject([{ channel: "email", campaign: "cart-abandonment", tags: ["marketing"] }]); // the welcome no rule counts was compacted away
  });

  it("whyNot prints the steps the guide shows", async () => {
    const beforeSending = guide.users.get("u-ada");
    const pending = { campaign: "cart-abandonment", triggeredAt: at("2026-11-23T19:30:00Z"), dueAt: at("2026-11-23T20:30:00Z"), event: { name: "checkout_started", properties: { value: 42 } } };
    guide.users.set("u-ada-before", { profile: { ...ada, id: "u-ada-before" }, behaviour: beforeSending?.behaviour ?? null, history: { deliveries: [], exposures: [], pending: [pending], engagement: [], journeys: [] } });
    const guideText = readFileSync(join(GUIDES_DIR, "getting-started-backend.md"), "utf8");
    const shown = /For the cart reminder at 21:30 above, it prints:\n\n```\n([\s\S]*?)\n```/.exec(guideText)?.[1];
    expect(await guide.whyNot(guide.services, "u-ada-before", "cart-abandonment", at("2026-11-23T20:30:00Z"))).toBe(shown);
  });

  it("the cap store refuses a send another instance already made, and the send is retried when caps allow", async () => {
    const now = at("2026-11-24T10:00:00Z");
    const otherInstance = guide.capStore;
    for (const campaign of ["a", "b"]) await otherInstance.reserve("u-bob", { channel: "email", campaign, tags: ["marketing"] }, now, "Europe/Paris");
    guide.users.set("u-bob", { profile: { ...ada, id: "u-bob" }, behaviour: null, history: { deliveries: [], exposures: [], pending: [], engagement: [], journeys: [] } });
    await guide.handleEvent(guide.services, { userId: "u-bob", name: "checkout_started", time: now, properties: { value: 10 } }, now);
    const before = guide.sent.length;
    await guide.runJobsUntil(now + 60 * MINUTE);
    expect(guide.sent.length).toBe(before); // refused by the store: marketing-2-a-day
    expect(guide.jobs.get("send:u-bob:cart-abandonment:push")?.at).toBe(at("2026-11-25T07:00:00Z")); // the cap frees up at midnight in Paris, inside quiet hours: 08:00
  });

  it("RedisCapStore is built as the guide shows (type-checked; not run)", () => {
    expect(typeof guide.redisCapStore).toBe("function");
  });
});

// ---------------------------------------------------------------------------------------------
// browser.md

const browserConfig: EngineConfigInput = {
  behaviour: { events: { page_view: {} } },
  campaigns: [
    {
      id: "pricing-tip",
      category: "feature_announcement",
      channels: ["in_app"],
      format: "modal",
      trigger: { event: "page_view", where: { "==": [{ var: "event.properties.path" }, "/pricing"] } },
      content: { in_app: { title: "Annual plans are 20% off", body: "Hi {{ user.attributes.first_name }}" } },
    },
    {
      id: "upgrade-nudge",
      category: "upsell",
      channels: ["in_app", "push"],
      format: "banner",
      trigger: { event: "page_view" },
      content: { in_app: { title: "Upgrade" }, push: { title: "Upgrade" } },
    },
  ],
};

describe("browser.md", () => {
  it("has its tested blocks in sync with test/guides/browser-guide-code.ts", () => {
    expectCopiesInSync("browser.md", ["browser-module", "browser-imports", "browser-prepare", "browser-in-app"]);
    expect(Object.values(browserImports).every((value) => typeof value === "function")).toBe(true);
  });

  it("the server prepares the config and lists the in-app-only campaigns; an invalid config throws ConfigError", () => {
    const { prepared, inAppOnly } = browserGuide().preparedForBrowsers(browserConfig);
    expect(inAppOnly).toEqual(["pricing-tip"]);
    expect(JSON.parse(JSON.stringify(prepared))).toEqual(prepared);
    expect(() => browserGuide().preparedForBrowsers({ campaigns: [{ id: "x" }] } as unknown as EngineConfigInput)).toThrow(ConfigError);
  });

  it("the browser decides in-app-only campaigns on the server's clock, and reports only their records", () => {
    const serverTime = at("2026-11-23T10:00:00Z");
    let device = serverTime - 3 * MINUTE; // the device's clock is 3 minutes slow
    const reported: EngineRecord[][] = [];
    const user = { id: "u-ada", attributes: { first_name: "Ada" } };
    const guide = browserGuide();
    const { prepared, inAppOnly } = guide.preparedForBrowsers(browserConfig);
    const start = { prepared: JSON.parse(JSON.stringify(prepared)) as typeof prepared, inAppOnly, user, behaviour: null, history: {}, serverTime };
    const onAppEvent = guide.startInAppMessages(start, (records) => reported.push(records), () => device);
    device += MINUTE;
    const shown = onAppEvent("page_view", { path: "/pricing" });
    expect(shown).toEqual([
      { campaignId: "pricing-tip", variantId: null, channel: "in_app", sendAt: serverTime + MINUTE, deferred: false, content: { title: "Annual plans are 20% off", body: "Hi Ada" }, priority: 0, category: "feature_announcement", format: "modal", dismissible: true },
    ]);
    expect(reported).toEqual([[{ type: "delivery", delivery: { at: serverTime + MINUTE, channel: "in_app", campaign: "pricing-tip", session: `u-ada@${serverTime}` } }]]);
    // The mixed campaign was decided too (arbitration allows a modal and a banner), but is left to the server.
    expect(onAppEvent("page_view", { path: "/home" })).toEqual([]);
  });

  it("nudgekit/runtime's foldEvents folds with engine.behaviour as nudgekit/segments' does, and refuses a raw policy", () => {
    const engine = loadEngine(prepareConfig(browserConfig));
    const events = [{ name: "page_view", time: at("2026-11-23T10:00:00Z") }];
    expect(foldCompiledEvents(null, events, engine.behaviour!)).toEqual(foldEvents(null, events, engine.behaviour!));
    expect(() => foldCompiledEvents(null, events, { events: { page_view: {} } } as never)).toThrow(TypeError);
  });

  it("gives the server's answer for the same inputs; the server, without a session, never decides the in-app-only campaign", () => {
    const input = { event: { name: "page_view", properties: { path: "/pricing" } }, user: { id: "u-1", session: { active: true, platform: "web", id: "s" } }, now: at("2026-11-23T10:00:00Z") };
    const browser = loadEngine(JSON.parse(JSON.stringify(prepareConfig(structuredClone(browserConfig))))).decide(input);
    const server = createEngine(structuredClone(browserConfig)).decide(input);
    expect(JSON.stringify(browser)).toBe(JSON.stringify(server));
    const serverSide = createEngine(browserConfig).decide({ ...input, user: { id: "u-1", session: { active: false } } });
    expect(serverSide.decisions).toEqual([]);
    expect(serverSide.records).toEqual([]);
    expect(serverSide.suppressed.find((entry) => entry.campaignId === "pricing-tip")).toMatchObject({ step: "channel", reason: "no-active-session" });
  });
});

// ---------------------------------------------------------------------------------------------
// writing-rules.md

/** The rules guide's code, in one scope. */
function rulesGuide() {
  const logged: string[] = [];
  const console = { log: (text: string) => void logged.push(text) };

  // #region rules-basics
  const bigCartInEurope = compileRule({
    and: [
      { ">=": [{ var: "cart.total" }, 50] },
      { in: [{ var: "user.country" }, ["FR", "BE", "CH"]] },
    ],
  });

  bigCartInEurope({ cart: { total: 80 }, user: { country: "FR" } }); // true
  bigCartInEurope({ cart: { total: 80 } }); // false: a missing country reads as null, which is not in the list
  // #endregion rules-basics

  // #region rules-engagement
  const nearTheStore = compileRule({
    and: [
      { within_radius: [{ var: "event.properties.location" }, { lat: 48.8606, lon: 2.3376 }, 1] }, // within 1 km
      { "<=": [10, { local_hour: "Europe/Paris" }, 18] }, // between 10:00 and 18:59 in Paris
      { version_gte: [{ var: "user.app_version" }, "5.2"] }, // 5.10 > 5.9: numeric, not text
      { "!": { ends_with_ci: [{ var: "user.email" }, "@shop.example"] } }, // not our own staff
      { within_last: [{ var: "user.last_purchase_at" }, "90d"] }, // bought in the last 90 days
    ],
  });

  nearTheStore({
    now: "2026-11-23T13:00:00Z",
    event: { properties: { location: { lat: 48.8584, lon: 2.347 } } },
    user: { app_version: "5.10.0", email: "ada@example.com", last_purchase_at: "2026-10-01T09:00:00Z" },
  }); // true
  // #endregion rules-engagement

  // #region rules-behavioural
  const policy = { events: { purchase: { properties: { amount: { decimals: 2 } } }, app_open: {} } };
  const behaviour = foldEvents(null, [
    { id: "p1", name: "purchase", time: "2026-10-02T18:00:00Z", properties: { amount: 42.5 } },
    { id: "p2", name: "purchase", time: "2026-10-20T12:00:00Z", properties: { amount: 19.9 } },
    { id: "o1", name: "app_open", time: "2026-11-22T08:00:00Z" },
  ], policy);

  const lapsedBuyer = compileRule(
    { and: [{ ">=": [{ event_count: ["purchase", "90d"] }, 2] }, { ">=": [{ days_since_last: "purchase" }, 30] }] },
    { operators: behaviouralOperators() },
  );
  lapsedBuyer({ now: "2026-11-23T12:00:00Z", user: { behaviour } }); // true: 2 purchases, the last one 34 days ago
  // #endregion rules-behavioural

  // #region rules-history
  const history = {
    deliveries: [{ at: Date.parse("2026-11-22T09:00:00Z"), channel: "push", campaign: "cart-push" }],
    engagement: [{ at: Date.parse("2026-11-22T09:05:00Z"), kind: "clicked" as const, campaign: "cart-push", channel: "push" }],
  };
  const clickedButDidNotBuy = compileRule({
    and: [
      { ">": [{ clicked: [{ campaign: "cart-push" }, "48h"] }, 0] }, // clicked it in the last 48 hours
      { "==": [{ converted: [{ campaign: "cart-push" }, "48h"] }, 0] }, // no purchase credited to it
      { ">=": [{ hours_since: { last_clicked_at: "cart-push" } }, 24] }, // and the click is a day old
    ],
  });
  clickedButDidNotBuy({ now: "2026-11-23T10:00:00Z", history }); // true
  clickedButDidNotBuy({ now: "2026-11-23T08:00:00Z", history }); // false: 22 hours after the click
  // #endregion rules-history

  // #region rules-validation
  validateRule({
    and: [{ ">=": [{ var: "cart.total" }] }, { local_hour: "Europe/Pariss" }, { days_since: "2026-11-20T10:00:00" }],
  });
  // [
  //   { path: "/and/0", message: '">=" takes 2 arguments, got 1 (for a range test use "<" or "<=" with three arguments)' },
  //   { path: "/and/1/local_hour", message: '"local_hour": "Europe/Pariss" is not a known IANA time zone (e.g. "Europe/Paris") or offset (e.g. "+05:30")' },
  //   { path: "/and/2/days_since", message: '"days_since": "2026-11-20T10:00:00" is not a timestamp (epoch milliseconds, or ISO 8601 with an offset such as "2026-03-29T09:00:00Z")' },
  // ]
  // #endregion rules-validation

  // #region rules-explain
  const where = { and: [{ "==": [{ var: "event.properties.category" }, "cameras"] }, { ">=": [{ var: "event.properties.price" }, 300] }] };
  const data = { event: { name: "product_viewed", properties: { category: "cameras", price: "249.00" } }, user: {}, session: null, now: Date.parse("2026-11-23T12:00:00Z") };

  console.log(formatExplanation(explainRule(where, data)));
  // and → false
  // ├─ == → true
  // │  ├─ var "event.properties.category" → "cameras"
  // │  └─ "cameras"
  // └─ >= → false
  //    ├─ var "event.properties.price" → "249.00"
  //    └─ 300
  // #endregion rules-explain

  // #region rules-pitfalls
  const now = "2026-11-23T12:00:00Z"; // 13:00 in Paris
  const holds = (rule: unknown, data: unknown): boolean => truthy(compileRule(rule)(data));

  // Truthiness: [] and "" are false; "0" and {} are true.
  holds({ var: "user.tags" }, { user: { tags: [] } }); // false
  holds({ var: "user.code" }, { user: { code: "0" } }); // true

  // Missing data reads as null, and null compares like 0.
  holds({ "<": [{ var: "cart.total" }, 50] }, {}); // true, even though there is no cart
  holds({ and: [{ "!": { missing: "cart.total" } }, { "<": [{ var: "cart.total" }, 50] }] }, {}); // false
  holds({ "<": [{ days_since: { var: "user.last_seen" } }, 7] }, { now, user: {} }); // true: never seen counts as "seen recently"
  holds({ within_last: [{ var: "user.last_seen" }, "7d"] }, { now, user: {} }); // false: say what you mean

  // == is JavaScript's loose equality, and two strings compare as text.
  holds({ "==": [{ var: "user.plan" }, 0] }, { user: { plan: "" } }); // true
  holds({ "===": [{ var: "user.plan" }, 0] }, { user: { plan: "" } }); // false
  holds({ "<": [{ var: "a" }, { var: "b" }] }, { a: "10", b: "9" }); // true: "10" < "9" as text
  holds({ "<": [{ "+": [{ var: "a" }] }, { "+": [{ var: "b" }] }] }, { a: "10", b: "9" }); // false: + makes numbers

  // Time: an instant needs an offset, and a local hour needs a zone.
  holds({ after: [{ var: "user.signed_up_at" }, "2026-01-01T00:00:00Z"] }, { user: { signed_up_at: "2026-03-01T10:00:00" } }); // false: no offset, not an instant
  holds({ "<=": [9, { local_hour: { var: "user.timeZone" } }, 20] }, { now, user: {} }); // false: no zone, no hour
  holds({ "<=": [9, { local_hour: { var: ["user.timeZone", "Europe/Paris"] } }, 20] }, { now, user: {} }); // true: a default zone
  // #endregion rules-pitfalls

  return { bigCartInEurope, nearTheStore, lapsedBuyer, behaviour, clickedButDidNotBuy, history, where, data, holds, now, logged };
}

describe("writing-rules.md", () => {
  const guide = rulesGuide();

  it("has its tested blocks in sync with this file", () => {
    expectCopiesInSync("writing-rules.md", ["rules-basics", "rules-engagement", "rules-behavioural", "rules-history", "rules-validation", "rules-explain", "rules-pitfalls"]);
  });

  it("the message-history example gives the values shown, and the never-opens-push condition prefers email as said", () => {
    expect(guide.clickedButDidNotBuy({ now: "2026-11-23T10:00:00Z", history: guide.history })).toBe(true);
    expect(guide.clickedButDidNotBuy({ now: "2026-11-23T08:00:00Z", history: guide.history })).toBe(false);
    const text = readFileSync(join(GUIDES_DIR, "writing-rules.md"), "utf8");
    const neverOpensPush = JSON.parse(/"never opens push" is\n`(.*)`,/.exec(text)?.[1] ?? "null") as unknown;
    const content = { push: { title: "Sale" }, email: { subject: "Sale", text: "Sale" } };
    const engine = createEngine({
      campaigns: [
        { id: "sale", category: "promotional", channels: ["push", "email"], trigger: { event: "sale" }, audience: { where: { "!": neverOpensPush } }, content },
        { id: "sale-by-email", category: "promotional", channels: ["email", "push"], trigger: { event: "sale" }, audience: { where: neverOpensPush }, content },
      ],
    });
    const user = { id: "u", consents: { push: { optedIn: true, tokens: [{ platform: "ios", valid: true }] }, email: { optedIn: true, verified: true } } };
    const now = Date.parse("2026-11-23T12:00:00Z");
    const history = { deliveries: [1, 2, 3].map((days) => ({ at: now - days * 86_400_000, channel: "push", campaign: "weekly" })) };
    expect(engine.decide({ event: { name: "sale" }, user, history, now }).decisions.map((decision) => decision.channel)).toEqual(["email"]);
    expect(engine.decide({ event: { name: "sale" }, user, now }).decisions.map((decision) => decision.channel)).toEqual(["push"]);
  });

  it("the basics, engagement and behavioural examples give the values shown", () => {
    expect(guide.bigCartInEurope({ cart: { total: 80 }, user: { country: "FR" } })).toBe(true);
    expect(guide.bigCartInEurope({ cart: { total: 80 } })).toBe(false);
    expect(
      guide.nearTheStore({
        now: "2026-11-23T13:00:00Z",
        event: { properties: { location: { lat: 48.8584, lon: 2.347 } } },
        user: { app_version: "5.10.0", email: "ada@example.com", last_purchase_at: "2026-10-01T09:00:00Z" },
      }),
    ).toBe(true);
    expect(guide.lapsedBuyer({ now: "2026-11-23T12:00:00Z", user: { behaviour: guide.behaviour } })).toBe(true);
    expect(compileRule({ days_since_last: "purchase" }, { operators: behaviouralOperators() })({ now: "2026-11-23T12:00:00Z", user: { behaviour: guide.behaviour } })).toBe(34);
  });

  it("the behavioural campaign shown compiles; a 700-day window is the ConfigError shown", () => {
    const text = readFileSync(join(GUIDES_DIR, "writing-rules.md"), "utf8");
    const json = /```json\n([\s\S]*?)\n```/.exec(text)?.[1] ?? "";
    const config = JSON.parse(json) as EngineConfigInput;
    expect(createEngine(config).campaignIds).toEqual(["we-miss-you"]);
    const where = { and: [{ ">=": [{ event_count: ["purchase", "700d"] }, 2] }] };
    const broken = { ...config, campaigns: config.campaigns.map((campaign) => ({ ...campaign, trigger: { event: "app_open", where } })) };
    const shown = /```\n(\/campaigns\/0\/trigger[^\n]*)\n```/.exec(text)?.[1];
    try {
      createEngine(broken);
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(ConfigError);
      const [problem] = (error as ConfigError).problems;
      expect(`${problem?.path}: ${problem?.message}`).toBe(shown);
    }
  });

  it("validateRule gives the problems shown", () => {
    expect(validateRule({ and: [{ ">=": [{ var: "cart.total" }] }, { local_hour: "Europe/Pariss" }, { days_since: "2026-11-20T10:00:00" }] })).toEqual([
      { path: "/and/0", message: '">=" takes 2 arguments, got 1 (for a range test use "<" or "<=" with three arguments)' },
      { path: "/and/1/local_hour", message: '"local_hour": "Europe/Pariss" is not a known IANA time zone (e.g. "Europe/Paris") or offset (e.g. "+05:30")' },
      { path: "/and/2/days_since", message: '"days_since": "2026-11-20T10:00:00" is not a timestamp (epoch milliseconds, or ISO 8601 with an offset such as "2026-03-29T09:00:00Z")' },
    ]);
    expect(() => compileRule({ or: [true, { strats_with: ["a", "b"] }] })).toThrow('unknown operator "strats_with" (did you mean "starts_with"?)');
  });

  it("the explanation prints the tree shown", () => {
    const code = testedBlocks("writing-rules.md").find((entry) => entry.name === "rules-explain")?.code ?? [];
    const shown = code.slice(code.findIndex((line) => line.startsWith("console.log(")) + 1).map((line) => line.slice("// ".length));
    expect(shown[0]).toBe("and → false");
    expect(guide.logged).toEqual([shown.join("\n")]);
  });

  it("every pitfall line gives the value in its comment", () => {
    const { holds, now } = guide;
    expect(holds({ var: "user.tags" }, { user: { tags: [] } })).toBe(false);
    expect(holds({ var: "user.code" }, { user: { code: "0" } })).toBe(true);
    expect(holds({ "<": [{ var: "cart.total" }, 50] }, {})).toBe(true);
    expect(holds({ and: [{ "!": { missing: "cart.total" } }, { "<": [{ var: "cart.total" }, 50] }] }, {})).toBe(false);
    expect(holds({ "<": [{ days_since: { var: "user.last_seen" } }, 7] }, { now, user: {} })).toBe(true);
    expect(holds({ within_last: [{ var: "user.last_seen" }, "7d"] }, { now, user: {} })).toBe(false);
    expect(holds({ "==": [{ var: "user.plan" }, 0] }, { user: { plan: "" } })).toBe(true);
    expect(holds({ "===": [{ var: "user.plan" }, 0] }, { user: { plan: "" } })).toBe(false);
    expect(holds({ "<": [{ var: "a" }, { var: "b" }] }, { a: "10", b: "9" })).toBe(true);
    expect(holds({ "<": [{ "+": [{ var: "a" }] }, { "+": [{ var: "b" }] }] }, { a: "10", b: "9" })).toBe(false);
    expect(holds({ after: [{ var: "user.signed_up_at" }, "2026-01-01T00:00:00Z"] }, { user: { signed_up_at: "2026-03-01T10:00:00" } })).toBe(false);
    expect(holds({ "<=": [9, { local_hour: { var: "user.timeZone" } }, 20] }, { now, user: {} })).toBe(false);
    expect(holds({ "<=": [9, { local_hour: { var: ["user.timeZone", "Europe/Paris"] } }, 20] }, { now, user: {} })).toBe(true);
    // The same number of checks as the block has lines calling holds().
    const calls = testedBlocks("writing-rules.md").find((entry) => entry.name === "rules-pitfalls")?.code.filter((line) => line.startsWith("holds("));
    expect(calls).toHaveLength(13);
  });
});

// ---------------------------------------------------------------------------------------------
// experiments.md

const experimentsText = (): string => readFileSync(join(GUIDES_DIR, "experiments.md"), "utf8");
const jsonBlocks = (text: string): unknown[] => [...text.matchAll(/```json\n([\s\S]*?)\n```/g)].map((match) => JSON.parse(match[1] ?? "null") as unknown);

/** The experiments guide's code, in one scope. */
function experimentsGuide(config: unknown) {
  // #region experiments-campaign
  const engine = createEngine(config); // the config above
  const now = "2026-11-23T12:00:00Z";

  function outcome(userId: string) {
    const user = { id: userId, consents: { push: { optedIn: true, tokens: [{ platform: "ios" }] } } };
    const { decisions, suppressed, records } = engine.decide({ event: { name: "app_open" }, user, now });
    return {
      sent: decisions.map((decision) => `${decision.variantId}: ${decision.content.title}`),
      suppressed: suppressed.map((entry) => `${entry.step}/${entry.reason}`),
      exposures: records.flatMap((record) => (record.type === "exposure" ? [record.exposure] : [])),
    };
  }

  outcome("user-2"); // sent: ["bigger-discount: Spring sale: 30% off"], exposures: [{ variant: "bigger-discount", control: false, … }]
  outcome("user-4"); // sent: ["same-discount: Spring sale: 20% off"], exposures: [{ variant: "same-discount", control: false, … }]
  outcome("user-0"); // sent: [], suppressed: ["experiment/control"], exposures: [{ variant: "control", control: true, … }]
  outcome("user-1"); // sent: [], suppressed: ["experiment/not-in-coverage"], exposures: []
  outcome("user-40"); // sent: [], suppressed: ["experiment/holdout"], exposures: [{ experiment: "global-2026", variant: null, holdout: true, … }]
  // #endregion experiments-campaign

  // #region experiments-sample-size
  sampleSize({ baselineRate: 0.04, minimumDetectableEffect: 0.15 });
  // { perVariant: 17100, total: 34200, treatmentRate: 0.046, absoluteEffect: 0.006 }
  // #endregion experiments-sample-size

  // #region experiments-ramp-up
  const running = { id: "spring-sale", variants: [{ id: "control" }, { id: "bigger-discount" }, { id: "same-discount" }], control: "control", coverage: 0.5 };

  diffAllocations(running, { ...running, coverage: 1 });
  // { changedVariant: 0, entered: 0.5001, left: 0, unchanged: 0.4999, … }: only new users
  diffAllocations({ ...running, coverage: 1 }, { ...running, coverage: 1, variants: [{ id: "control" }, { id: "bigger-discount", weight: 2 }, { id: "same-discount" }] });
  // { changedVariant: 0.1666, … }: one user in six would switch variant
  // #endregion experiments-ramp-up

  // #region experiments-sticky
  const checkoutCta = compileExperiment({
    id: "checkout-cta",
    variants: [{ id: "control" }, { id: "green" }],
    control: "control",
    forced: { "qa-ada": "green" }, // QA always sees green
  });

  function variantFor(userId: string, stored: StickyDocument | null): { variant: string | null; save?: StickyDocument } {
    const assignment = assignVariant(checkoutCta, userId, { sticky: stored });
    return { variant: assignment.variantId, ...(assignment.stickyDocument === undefined ? {} : { save: assignment.stickyDocument }) };
  }

  variantFor("user-1", null); // { variant: "control", save: { unitId: "user-1", assignments: { "checkout-cta": { variantId: "control", version: 0 } } } }
  variantFor("qa-ada", null); // { variant: "green" }: forced
  // #endregion experiments-sticky

  // #region experiments-results
  const results = {
    control: "control",
    variants: [
      { id: "control", users: 10210, conversions: 408 },
      { id: "bigger-discount", users: 10050, conversions: 472 },
      { id: "same-discount", users: 9740, conversions: 401 },
    ],
  };

  sampleRatioMismatch(results.variants.map((variant) => variant.users), [1, 1, 1]);
  // { chiSquare: 11.42, pValue: 0.0033, isMismatch: false, … }: the split is as configured

  pickWinner(results, { metric: "conversion", minimumUsersPerVariant: 17100, expectedWeights: [1, 1, 1] });
  // { decision: "keep-running", … }: below the planned sample size

  pickWinner(results, { metric: "conversion", minimumUsersPerVariant: 5000, expectedWeights: [1, 1, 1] });
  // { decision: "winner", winner: "bigger-discount",
  //   reason: '"bigger-discount" beats control "control" on conversion: +17.5% relative, p = 0.0145 < 0.025 (alpha 0.05 Bonferroni-split over 2 treatments)', … }
  // #endregion experiments-results

  return { outcome, running, checkoutCta, variantFor, results };
}

describe("experiments.md", () => {
  const guide = experimentsGuide(jsonBlocks(experimentsText())[0]);

  it("has its tested blocks in sync with this file", () => {
    expectCopiesInSync("experiments.md", ["experiments-campaign", "experiments-sample-size", "experiments-ramp-up", "experiments-sticky", "experiments-results"]);
  });

  it("each user falls where the guide says: variant, control, outside the coverage, holdout", () => {
    const exposure = (fields: Partial<Exposure>) => ({ campaign: "spring-sale", experiment: "spring-sale", at: at("2026-11-23T12:00:00Z"), control: false, ...fields });
    expect(guide.outcome("user-2")).toEqual({ sent: ["bigger-discount: Spring sale: 30% off"], suppressed: [], exposures: [exposure({ variant: "bigger-discount" })] });
    expect(guide.outcome("user-4")).toEqual({ sent: ["same-discount: Spring sale: 20% off"], suppressed: [], exposures: [exposure({ variant: "same-discount" })] });
    expect(guide.outcome("user-0")).toEqual({ sent: [], suppressed: ["experiment/control"], exposures: [exposure({ variant: "control", control: true })] });
    expect(guide.outcome("user-1")).toEqual({ sent: [], suppressed: ["experiment/not-in-coverage"], exposures: [] });
    expect(guide.outcome("user-40")).toEqual({ sent: [], suppressed: ["experiment/holdout"], exposures: [exposure({ experiment: "global-2026", variant: null, holdout: true })] });
  });

  it("a control user the message could not reach is not exposed", () => {
    const engine = createEngine(jsonBlocks(experimentsText())[0]);
    const result = engine.decide({ event: { name: "app_open" }, user: { id: "user-0" }, now: "2026-11-23T12:00:00Z" });
    expect(result.records).toEqual([]);
    expect(result.suppressed).toMatchObject([{ step: "experiment", reason: "control" }]);
  });

  it("the sample size, allocation diffs, sticky documents and results are the ones shown", () => {
    expect(sampleSize({ baselineRate: 0.04, minimumDetectableEffect: 0.15 })).toMatchObject({ perVariant: 17100, total: 34200 });
    const rampUp = diffAllocations(guide.running, { ...guide.running, coverage: 1 });
    expect(rampUp).toMatchObject({ changedVariant: 0, left: 0 });
    expect(rampUp.entered).toBeCloseTo(0.5001, 4);
    const reweighted = diffAllocations({ ...guide.running, coverage: 1 }, { ...guide.running, coverage: 1, variants: [{ id: "control" }, { id: "bigger-discount", weight: 2 }, { id: "same-discount" }] });
    expect(reweighted.changedVariant).toBeCloseTo(1 / 6, 3);

    const first = guide.variantFor("user-1", null);
    expect(first).toEqual({ variant: "control", save: { unitId: "user-1", assignments: { "checkout-cta": { variantId: "control", version: 0 } } } });
    expect(guide.variantFor("qa-ada", null)).toEqual({ variant: "green" });
    const reweightedCta = { id: "checkout-cta", variants: [{ id: "control", weight: 1 }, { id: "green", weight: 9 }], control: "control" };
    expect(assignVariant(reweightedCta, "user-1", { sticky: null }).variantId).toBe("green");
    expect(assignVariant(reweightedCta, "user-1", { sticky: first.save ?? null })).toMatchObject({ variantId: "control", reason: "sticky" });

    const split = sampleRatioMismatch(guide.results.variants.map((variant) => variant.users), [1, 1, 1]);
    expect(split).toMatchObject({ chiSquare: 11.42, isMismatch: false });
    expect(split.pValue).toBeCloseTo(0.0033, 4);
    expect(pickWinner(guide.results, { metric: "conversion", minimumUsersPerVariant: 17100, expectedWeights: [1, 1, 1] }).decision).toBe("keep-running");
    expect(pickWinner(guide.results, { metric: "conversion", minimumUsersPerVariant: 5000, expectedWeights: [1, 1, 1] })).toMatchObject({
      decision: "winner",
      winner: "bigger-discount",
      reason: '"bigger-discount" beats control "control" on conversion: +17.5% relative, p = 0.0145 < 0.025 (alpha 0.05 Bonferroni-split over 2 treatments)',
    });
  });

  it("the layer example compiles, and no user gets both modals", () => {
    const engine = createEngine(jsonBlocks(experimentsText())[1]);
    for (let index = 0; index < 200; index++) {
      const { decisions, suppressed } = engine.decide({ event: { name: "app_open" }, user: { id: `user-${index}`, session: { active: true, platform: "ios", id: "s" } }, now: "2026-11-23T12:00:00Z" });
      expect(decisions.length).toBeLessThanOrEqual(1);
      if (decisions.length === 1) expect(suppressed).toMatchObject([{ reason: "other-experiment-in-layer" }]);
    }
  });
});

// ---------------------------------------------------------------------------------------------
// caps-and-quiet-hours.md

/** The caps guide's code, in one scope. */
function capsGuide() {
  // #region caps-policy
  const policy: CapPolicyInput = {
    caps: [
      // Contact pressure: at most 10 messages of any kind in any 7 days.
      { id: "weekly-pressure", scope: { all: true }, limit: 10, window: { rolling: "7d" } },
      // Per channel: the interruptive ones get the tightest budgets.
      { id: "push-3-a-day", scope: { channel: "push" }, limit: 3, window: { calendar: "day" } },
      { id: "sms-2-a-week", scope: { channel: "sms" }, limit: 2, window: { calendar: "week" } },
      // Per message type (campaigns carry tags): marketing has its own, smaller budget.
      { id: "marketing-2-a-day", scope: { tag: "marketing" }, limit: 2, window: { calendar: "day" } },
      // Per in-app slot and session: one home-screen modal per visit.
      { id: "one-home-modal-per-session", scope: { placement: "home" }, limit: 1, window: { session: true } },
    ],
    cooldowns: [
      // Never two pushes within two hours.
      { id: "push-gap", scope: { channel: "push" }, interval: "2h" },
    ],
    quietHours: [
      // No push or SMS at night, in the user's own time zone: wait until the morning.
      { id: "night", channels: ["push", "sms"], from: "21:00", to: "08:00", action: "defer" },
    ],
  };
  // #endregion caps-policy

  // #region caps-check
  const zone = "Europe/Paris";
  const hour = 3_600_000;
  const nine = Date.parse("2026-11-23T09:00:00+01:00"); // a Monday
  let history: DeliveryHistory = { deliveries: [] };

  checkCaps(policy, history, { channel: "push", campaign: "cart", tags: ["marketing"] }, nine, zone);
  // { allowed: true }
  history = recordDelivery(history, { at: nine, channel: "push", campaign: "cart", tags: ["marketing"] });

  checkCaps(policy, history, { channel: "push", campaign: "price-drop", tags: ["marketing"] }, nine + hour, zone);
  // { allowed: false, rule: "push-gap", reason: "cooldown", action: "defer", retryAt: 11:00 in Paris }
  history = recordDelivery(history, { at: nine + 2 * hour, channel: "push", campaign: "price-drop", tags: ["marketing"] });

  checkCaps(policy, history, { channel: "email", campaign: "newsletter", tags: ["marketing"] }, nine + 3 * hour, zone);
  // { allowed: false, rule: "marketing-2-a-day", reason: "cap", action: "defer", retryAt: midnight in Paris }

  checkCaps(policy, history, { channel: "email", campaign: "receipt", ignoreCaps: true }, nine + 3 * hour, zone);
  // { allowed: true }: transactional messages skip caps and cooldowns
  // #endregion caps-check

  // #region caps-in-app-cooldown
  const engine = createEngine({
    arbitration: { inAppCooldown: "10m" },
    campaigns: [
      { id: "tip-search", category: "tooltip", channels: ["in_app"], format: "tooltip", trigger: { event: "search" }, content: { in_app: { title: "Try the filters", anchor: { selector: "#filters" } } } },
      { id: "tip-wishlist", category: "tooltip", channels: ["in_app"], format: "tooltip", trigger: { event: "product_viewed" }, content: { in_app: { title: "Save it for later", anchor: { selector: "#wishlist" } } } },
    ],
  });
  const user = { id: "u-1", session: { active: true, platform: "web", id: "s-1" } };

  const first = engine.decide({ event: { name: "search" }, user, now: "2026-11-23T12:00:00Z" });
  const deliveries = first.records.flatMap((record) => (record.type === "delivery" ? [record.delivery] : []));
  const second = engine.decide({ event: { name: "product_viewed" }, user, history: { deliveries }, now: "2026-11-23T12:04:00Z" });
  // second.decisions: []
  // second.suppressed: [{ campaignId: "tip-wishlist", step: "caps", reason: "cooldown", retryAt: <12:10Z>,
  //   detail: 'in_app: cooldown rule "in-app-cooldown" refuses it until 2026-11-23T12:10:00.000Z, and in-app cannot wait past the session' }]
  // #endregion caps-in-app-cooldown

  // #region caps-dst
  const push = { channel: "push", campaign: "daily-digest" };
  const quietUntil = (now: string): string | null => {
    const decision = checkCaps(policy, { deliveries: [] }, push, Date.parse(now), "Europe/Paris");
    return decision.allowed || decision.retryAt === null ? null : new Date(decision.retryAt).toISOString();
  };

  quietUntil("2026-03-27T22:00:00+01:00"); // "2026-03-28T07:00:00.000Z": 08:00 in Paris, UTC+1
  quietUntil("2026-03-28T22:00:00+01:00"); // "2026-03-29T06:00:00.000Z": 08:00 in Paris, UTC+2 since 02:00 that night
  // #endregion caps-dst

  return { policy, zone, nine, hour, history, second, quietUntil };
}

describe("caps-and-quiet-hours.md", () => {
  const guide = capsGuide();

  it("has its tested blocks in sync with this file", () => {
    expectCopiesInSync("caps-and-quiet-hours.md", ["caps-policy", "caps-check", "caps-in-app-cooldown", "caps-dst"]);
  });

  it("the policy is valid, and each check gives the decision shown", () => {
    const { policy, zone, nine, hour } = guide;
    expect(() => compileCapPolicy(policy)).not.toThrow();
    const one = recordDelivery({ deliveries: [] }, { at: nine, channel: "push", campaign: "cart", tags: ["marketing"] });
    expect(checkCaps(policy, { deliveries: [] }, { channel: "push", campaign: "cart", tags: ["marketing"] }, nine, zone)).toEqual({ allowed: true });
    expect(checkCaps(policy, one, { channel: "push", campaign: "price-drop", tags: ["marketing"] }, nine + hour, zone)).toEqual({ allowed: false, rule: "push-gap", reason: "cooldown", action: "defer", retryAt: at("2026-11-23T11:00:00+01:00") });
    expect(guide.history.deliveries).toHaveLength(2);
    expect(checkCaps(policy, guide.history, { channel: "email", campaign: "newsletter", tags: ["marketing"] }, nine + 3 * hour, zone)).toEqual({ allowed: false, rule: "marketing-2-a-day", reason: "cap", action: "defer", retryAt: at("2026-11-24T00:00:00+01:00") });
    expect(checkCaps(policy, guide.history, { channel: "email", campaign: "receipt", ignoreCaps: true }, nine + 3 * hour, zone)).toEqual({ allowed: true });
  });

  it("the policy goes under caps in an engine config, beside campaign caps and re-eligibility as the table shows", () => {
    const push = { push: { title: "Hi" } };
    const engine = createEngine({
      caps: guide.policy,
      campaigns: [
        { id: "weekly", category: "promotional", tags: ["marketing"], channels: ["push"], trigger: { event: "a" }, content: push, caps: [{ limit: 1, window: { rolling: "7d" } }] },
        { id: "tour", category: "onboarding", channels: ["in_app"], format: "modal", placement: "home", trigger: { event: "b" }, content: { in_app: { title: "Tour" } }, caps: [{ limit: 1, window: { lifetime: true } }] },
        { id: "tour-once", category: "onboarding", channels: ["in_app"], format: "modal", placement: "home", trigger: { event: "b" }, content: { in_app: { title: "Tour" } }, reEligibility: "once" },
        { id: "monthly", category: "promotional", channels: ["push"], trigger: { event: "c" }, content: push, reEligibility: { after: "30d" } },
      ],
    });
    expect(engine.campaignIds).toHaveLength(4);
  });

  it("retryAt is the instant every rule passes: a cap freed at midnight inside quiet hours waits for 08:00; lifetime and session caps give null", () => {
    const { policy, zone } = guide;
    let history: DeliveryHistory = { deliveries: [] };
    for (const time of ["09:00", "12:00", "15:00"]) history = recordDelivery(history, { at: at(`2026-11-23T${time}:00+01:00`), channel: "push", campaign: "c" });
    expect(checkCaps(policy, history, { channel: "push", campaign: "d" }, at("2026-11-23T18:00:00+01:00"), zone)).toMatchObject({ rule: "push-3-a-day", retryAt: at("2026-11-24T08:00:00+01:00") });
    const modal = { at: at("2026-11-23T09:00:00Z"), channel: "in_app", campaign: "m", placement: "home", session: "s-1" };
    expect(checkCaps(policy, { deliveries: [modal] }, { channel: "in_app", campaign: "m2", placement: "home", session: "s-1" }, modal.at + 1000, zone)).toMatchObject({ reason: "cap", retryAt: null });
  });

  it("the in-app cooldown suppresses the second tip until 12:10", () => {
    expect(guide.second.decisions).toEqual([]);
    expect(guide.second.suppressed).toEqual([
      { campaignId: "tip-wishlist", step: "caps", reason: "cooldown", retryAt: at("2026-11-23T12:10:00Z"), detail: 'in_app: cooldown rule "in-app-cooldown" refuses it until 2026-11-23T12:10:00.000Z, and in-app cannot wait past the session' },
    ]);
  });

  it("in the engine: defer sends at the end of the quiet hours; fallback tries the next channel; drop with no other channel suppresses", () => {
    type Channels = ("push" | "email")[];
    const config = (action: "defer" | "drop", channels: Channels, onBlocked?: "defer"): EngineConfigInput => ({
      caps: { quietHours: [{ id: "night", channels: ["push"], from: "21:00", to: "08:00", action }] },
      campaigns: [
        {
          id: "digest",
          category: "promotional",
          channels,
          ...(onBlocked === undefined ? {} : { onBlocked }),
          trigger: { event: "tick" },
          content: channels.includes("email") ? { push: { title: "Digest" }, email: { subject: "Digest", text: "Digest" } } : { push: { title: "Digest" } },
        },
      ],
    });
    const user = { id: "u", timeZone: "Europe/Paris", consents: { push: { optedIn: true, tokens: [{ platform: "ios" }] }, email: { optedIn: true, verified: true } } };
    const input = { event: { name: "tick" }, user, now: "2026-11-23T22:00:00+01:00" };
    expect(createEngine(config("defer", ["push", "email"], "defer")).decide(input).decisions).toMatchObject([{ channel: "push", sendAt: at("2026-11-24T08:00:00+01:00"), deferred: true }]);
    expect(createEngine(config("defer", ["push", "email"])).decide(input).decisions).toMatchObject([{ channel: "email", deferred: false }]);
    expect(createEngine(config("defer", ["push"])).decide(input).decisions).toMatchObject([{ channel: "push", deferred: true }]);
    const dropped = createEngine(config("drop", ["push"])).decide(input);
    expect(dropped.decisions).toEqual([]);
    expect(dropped.suppressed).toMatchObject([{ campaignId: "digest", step: "caps", reason: "quiet-hours" }]);
  });

  it("quiet hours end at 08:00 local time on both sides of the DST change", () => {
    expect(guide.quietUntil("2026-03-27T22:00:00+01:00")).toBe("2026-03-28T07:00:00.000Z");
    expect(guide.quietUntil("2026-03-28T22:00:00+01:00")).toBe("2026-03-29T06:00:00.000Z");
  });
});

// ---------------------------------------------------------------------------------------------
// channels.md

/** The channels guide's code, in one scope. */
function channelsGuide() {
  // #region channels-user
  const ada = {
    timeZone: "Europe/Paris",
    session: { active: false }, // not in the app right now
    consents: {
      push: { optedIn: true, tokens: [{ platform: "ios" }] }, // OS permission and a device token
      email: { optedIn: true, verified: true },
      sms: { optedIn: true, verified: true },
    },
    preferences: { categories: { promotional: { sms: false } } }, // "no promotions by SMS", from your preference centre
    engagement: { push: { sent: 40, engaged: 1 }, email: { sent: 30, engaged: 6 } }, // from your analytics
  };

  const backInStock: ChannelCampaignInput = { id: "back-in-stock", category: "promotional", channels: ["push", "email", "sms"] };
  chooseChannel(backInStock, ada, "2026-11-23T12:00:00Z");
  // { channel: "push", sendAt: <12:00Z>, …,
  //   rejected: [{ channel: "email", reason: "lower-ranked", … }, { channel: "sms", reason: "user-preference", … }] }
  // #endregion channels-user

  // #region channels-best-engagement
  chooseChannel({ ...backInStock, strategy: "best-engagement" }, ada, "2026-11-23T12:00:00Z");
  // { channel: "email", ranked: [{ channel: "email", score: 0.219, … }, { channel: "push", score: 0.048, … }], … }
  // #endregion channels-best-engagement

  // #region channels-fallback-defer
  const caps = {
    policy: { quietHours: [{ id: "night", channels: ["push", "sms"], from: "21:00", to: "08:00" }] },
    history: { deliveries: [] }, // the user's deliveries, as the caps read them
  };
  const tenPm = "2026-11-23T21:00:00Z"; // 22:00 in Paris

  chooseChannel(backInStock, ada, tenPm, { caps });
  // fallback: { channel: "email", sendAt: <21:00Z, now>, rejected: [{ channel: "push", reason: "quiet-hours", retryAt: <07:00Z> }, …] }

  chooseChannel({ ...backInStock, onBlocked: "defer" }, ada, tenPm, { caps });
  // defer: { channel: "push", sendAt: <2026-11-24T07:00Z, 08:00 in Paris>, deliveries: [{ channel: "push", deferred: true, … }], … }
  // #endregion channels-fallback-defer

  // #region channels-fan-out
  const paymentFailed: ChannelCampaignInput = { id: "payment-failed", category: "payment_failure", channels: ["push", "email", "sms", "in_app"], format: "banner" };

  chooseChannel(paymentFailed, ada, tenPm, { caps });
  // { strategy: "all-eligible", channel: "push",
  //   deliveries: [{ channel: "push", counts: false, … }, { channel: "email", counts: false, … }, { channel: "sms", counts: false, … }],
  //   rejected: [{ channel: "in_app", reason: "no-active-session", … }] }
  // #endregion channels-fan-out

  // #region channels-policy
  const policy = compileChannelPolicy({
    categories: {
      payment_failure: { ignoreQuietHours: false }, // one field of a built-in category
      newsletter: { channels: ["email"], strategy: "first-eligible", onBlocked: "defer" }, // a new category
    },
    surfaces: { product_tour: ["web", "desktop", "ios"] }, // tours on iPad too
    engagementPrior: { push: { alpha: 1, beta: 19 }, email: { alpha: 1, beta: 49 } },
    defaultTimeZone: "Europe/Paris", // for users without a valid timeZone
  });

  chooseChannel({ id: "weekly", category: "newsletter", channels: ["email"] }, ada, tenPm, { policy, caps });
  // { channel: "email", … }
  // #endregion channels-policy

  return { ada, backInStock, caps, tenPm, paymentFailed, policy };
}

describe("channels.md", () => {
  const guide = channelsGuide();
  const { ada, backInStock, caps, tenPm, paymentFailed, policy } = guide;

  it("has its tested blocks in sync with this file", () => {
    expectCopiesInSync("channels.md", ["channels-user", "channels-best-engagement", "channels-fallback-defer", "channels-fan-out", "channels-policy"]);
  });

  it("first-eligible picks push; email is lower-ranked; the user's preference rules out SMS", () => {
    expect(chooseChannel(backInStock, ada, "2026-11-23T12:00:00Z")).toMatchObject({
      channel: "push",
      sendAt: at("2026-11-23T12:00:00Z"),
      rejected: [
        { channel: "email", reason: "lower-ranked" },
        { channel: "sms", reason: "user-preference" },
      ],
    });
  });

  it("best-engagement picks email with the scores shown; one open in one send scores 0.67", () => {
    const choice = chooseChannel({ ...backInStock, strategy: "best-engagement" }, ada, "2026-11-23T12:00:00Z");
    expect(choice.channel).toBe("email");
    expect(choice.ranked.map((entry) => [entry.channel, Number(entry.score?.toFixed(3))])).toEqual([
      ["email", 0.219],
      ["push", 0.048],
    ]);
    const once = chooseChannel({ ...backInStock, strategy: "best-engagement" }, { ...ada, engagement: { push: { sent: 1, engaged: 1 } } }, "2026-11-23T12:00:00Z");
    expect(once.ranked[0]?.score).toBeCloseTo(2 / 3, 5);
  });

  it("fallback sends email now; defer waits for push at 08:00 in Paris", () => {
    expect(chooseChannel(backInStock, ada, tenPm, { caps })).toMatchObject({ channel: "email", sendAt: at(tenPm), rejected: [{ channel: "push", reason: "quiet-hours", retryAt: at("2026-11-24T07:00:00Z") }, { channel: "sms" }] });
    expect(chooseChannel({ ...backInStock, onBlocked: "defer" }, ada, tenPm, { caps })).toMatchObject({ channel: "push", sendAt: at("2026-11-24T07:00:00Z"), deliveries: [{ channel: "push", deferred: true }] });
  });

  it("a failed payment fans out now on push, email and SMS, not counting toward caps; never in-app alone", () => {
    expect(chooseChannel(paymentFailed, ada, tenPm, { caps })).toMatchObject({
      strategy: "all-eligible",
      channel: "push",
      deliveries: [
        { channel: "push", counts: false, deferred: false },
        { channel: "email", counts: false, deferred: false },
        { channel: "sms", counts: false, deferred: false },
      ],
      rejected: [{ channel: "in_app", reason: "no-active-session" }],
    });
    const inAppOnly = chooseChannel(paymentFailed, { session: { active: true, platform: "web" } }, tenPm, { caps });
    expect(inAppOnly.deliveries).toEqual([]);
    expect(inAppOnly.rejected.find((entry) => entry.channel === "in_app")?.reason).toBe("in-app-not-alone");
  });

  it("with payment_failure keeping quiet hours, email goes now and push and SMS are rejected; with defer too, they wait for 08:00", () => {
    expect(chooseChannel(paymentFailed, ada, tenPm, { caps, policy })).toMatchObject({
      deliveries: [{ channel: "email", deferred: false }],
      rejected: [{ channel: "push", reason: "quiet-hours" }, { channel: "sms", reason: "quiet-hours" }, { channel: "in_app" }],
    });
    const deferring = compileChannelPolicy({ categories: { payment_failure: { ignoreQuietHours: false, onBlocked: "defer" } } });
    expect(chooseChannel(paymentFailed, ada, tenPm, { caps, policy: deferring }).deliveries).toMatchObject([
      { channel: "push", deferred: true, sendAt: at("2026-11-24T07:00:00Z") },
      { channel: "email", deferred: false },
      { channel: "sms", deferred: true, sendAt: at("2026-11-24T07:00:00Z") },
    ]);
  });

  it("the new category works, and a bad policy is a ChannelConfigError with paths", () => {
    expect(chooseChannel({ id: "weekly", category: "newsletter", channels: ["email"] }, ada, tenPm, { policy, caps })).toMatchObject({ channel: "email" });
    expect(() => chooseChannel({ id: "win", category: "win_back", channels: ["in_app", "push"], format: "modal" }, ada, tenPm)).toThrow(ChannelConfigError);
    expect(() => compileChannelPolicy({ categories: { promo: { channels: ["push"], legalBasis: ["push"] } } })).toThrow(ChannelConfigError);
  });
});

// ---------------------------------------------------------------------------------------------
// replaying-an-event-log.md

/** The replay guide's code, in one scope. */
function replayGuide() {
  // #region replay-compare
  interface ReplaySummary {
    reach: Record<string, { users: number; messages: number }>;
    channels: Record<string, number>;
    suppressions: Record<string, number>;
    deferred: number;
  }

  /** What changed between two replays of the same log, one line per number that moved. */
  function compareSummaries(before: ReplaySummary, after: ReplaySummary): string[] {
    const changes: string[] = [];
    const compare = (label: string, was: Record<string, number>, now: Record<string, number>): void => {
      for (const key of [...new Set([...Object.keys(was), ...Object.keys(now)])].sort()) {
        if ((was[key] ?? 0) !== (now[key] ?? 0)) changes.push(`${label} ${key}: ${was[key] ?? 0} → ${now[key] ?? 0}`);
      }
    };
    const usersReached = (summary: ReplaySummary) => Object.fromEntries(Object.entries(summary.reach).map(([campaign, reach]) => [campaign, reach.users]));
    compare("users reached by", usersReached(before), usersReached(after));
    compare("messages on", before.channels, after.channels);
    compare("suppressed by", before.suppressions, after.suppressions);
    compare("deferred", { messages: before.deferred }, { messages: after.deferred });
    return changes;
  }
  // #endregion replay-compare

  return { compareSummaries };
}

/** The replay guide's code in code: replayEvents on the guide's config, with what it logs. */
function replayInCode(config: EngineConfigInput): unknown[][] {
  const logged: unknown[][] = [];
  const console = { log: (...values: unknown[]) => void logged.push(values) };
  // #region replay-in-code
  const engine = createEngine(config);
  const lines = [
    '{"userId":"u1","id":"e1","name":"app_open","time":"2026-11-23T19:00:00Z"}',
    '{"userId":"u1","id":"e1","name":"app_open","time":"2026-11-23T19:00:00Z"}',
  ];
  const events = lines.map((line, index) => parseEventLine(line, index + 1)).filter((event): event is ReplayEvent => "event" in event);
  const summary = replayEvents(engine, events, new Map([["u1", { id: "u1", timeZone: "Europe/Paris" }]]));
  console.log(summary.events, summary.duplicates, summary.toJSON().reach);
  // 1 1 { 'welcome-back': { users: 1, messages: 1 } }
  // #endregion replay-in-code
  return logged;
}

describe("replaying-an-event-log.md", () => {
  const text = readFileSync(join(GUIDES_DIR, "replaying-an-event-log.md"), "utf8");
  const fenced = (language: string): string[] => [...text.matchAll(new RegExp("```" + language + "\\n([\\s\\S]*?)\\n```", "g"))].map((match) => match[1] ?? "");
  const directory = mkdtempSync(join(temporaryDirectory, "replay-"));
  const file = (name: string): string => join(directory, name);
  const config = JSON.parse(fenced("json")[0] ?? "") as EngineConfigInput;
  writeFileSync(file("campaigns.json"), JSON.stringify(config));
  writeFileSync(file("events.jsonl"), `${fenced("jsonl")[0]}\n`);
  writeFileSync(file("users.jsonl"), `${fenced("jsonl")[1]}\n`);
  // The proposed config: the cart reminder without "onBlocked": "defer".
  const next = { ...config, campaigns: config.campaigns.map((campaign) => (campaign.id === "cart-abandonment" ? { ...campaign, onBlocked: undefined } : campaign)) };
  writeFileSync(file("campaigns.next.json"), JSON.stringify(next));

  /** Runs `nudgekit replay …args`, returning its exit code, stdout and stderr. */
  const replay = (...args: string[]) => runCliCaptured(["replay", "--config", file("campaigns.json"), "--events", file("events.jsonl"), "--users", file("users.jsonl"), ...args]);

  it("has its tested blocks in sync with this file", () => {
    expectCopiesInSync("replaying-an-event-log.md", ["replay-compare", "replay-in-code"]);
  });

  it("prints the summary shown, reports the malformed line, and writes the decision shown with --out", async () => {
    const { code, stdout, stderr } = await replay("--out", file("decisions.jsonl"));
    expect(code).toBe(0);
    const shown = /For the files above:\n\n```\n([\s\S]*?)\n```/.exec(text)?.[1] ?? "";
    const timing = /in [\d.]+ s: [\d,]+ events\/s/;
    expect(stdout.trimEnd().replace(timing, "in … s")).toBe(shown.replace(timing, "in … s"));
    expect(stderr).toBe(`${file("events.jsonl")}:7: skipped: time "2026-11-24T09:00:00" is not epoch ms or an ISO 8601 instant with an offset\n`);
    expect(text).toContain('`events.jsonl:7: skipped: time "2026-11-24T09:00:00" is not epoch ms or an ISO 8601 instant with an offset`');
    const decisions = readFileSync(file("decisions.jsonl"), "utf8").trim().split("\n");
    expect(decisions).toHaveLength(3);
    expect(decisions).toContain(fenced("json")[1]);
  });

  it("compares the two configs' JSON summaries as shown", async () => {
    const before = await replay("--json", "--quiet");
    const after = await replay("--json", "--quiet", "--config", file("campaigns.next.json"));
    expect([before.code, after.code, before.stderr, after.stderr]).toEqual([0, 0, "", ""]);
    const changes = replayGuide().compareSummaries(JSON.parse(before.stdout), JSON.parse(after.stdout));
    const shown = [...text.matchAll(/^\/\/ {3}"(.*)",$/gm)].map((match) => match[1]);
    expect(changes).toEqual(shown);
    expect(changes).toEqual(["messages on email: 0 → 1", "messages on push: 1 → 0", "deferred messages: 1 → 0"]);
  });

  it("replayEvents in code logs what the guide shows: a redelivered event is replayed once", () => {
    expect(replayInCode(config)).toEqual([[1, 1, { "welcome-back": { users: 1, messages: 1 } }]]);
    expect(text).toContain("// 1 1 { 'welcome-back': { users: 1, messages: 1 } }");
  });

  it("an invalid config exits with 1 and lists its problems with paths", async () => {
    writeFileSync(file("broken.json"), JSON.stringify({ ...config, campaigns: [{ ...config.campaigns[0], trigger: { segmentEntry: "nope" } }] }));
    const { code, stderr } = await replay("--config", file("broken.json"));
    expect(code).toBe(1);
    expect(stderr).toContain('/campaigns/0/trigger/segmentEntry: unknown segment "nope"');
  });
});

// ---------------------------------------------------------------------------------------------
// run-on-10-percent-promote-the-winner.md

/** The conversion chance planted per arm in the simulation: the new version converts 12% against 10%; no modal, 7%. */
const PLANTED_CONVERSION: Readonly<Record<string, number>> = { current: 0.1, image: 0.12, control: 0.07 };

/** The promotion guide's code, on 40,000 simulated users opening the app one minute apart; what it logs. */
function promoteGuide(config: EngineConfigInput) {
  const logged: unknown[][] = [];
  const console = { log: (...values: unknown[]) => void logged.push(values) };
  // #region promote-collect
  const engine = createEngine(config);
  const metrics = compileMetricsConfig(config); // the same config: its conversions and experiments
  const state = createOutcomeState();

  /** After each engine.decide or engine.due: its sends, and its exposures (the control's too). */
  function recordResult(userId: string, result: DecideResult): void {
    foldOutcomes(state, outcomesOfResult(userId, result), metrics);
  }

  /** Impressions and clicks from your app or provider, and the users' own events (conversions among them). */
  function recordEvent(event: MetricsEvent): void {
    foldOutcomes(state, [event], metrics);
  }

  /** Every hour or so: count what can no longer change, so that memory holds only the open windows. */
  function settle(now: number): void {
    settleOutcomes(state, metrics, now - 3_600_000);
  }
  // #endregion promote-collect

  // The simulation (not in the guide): each exposed user creates a list a day later with their arm's planted chance.
  let seed = 21;
  const random = (): number => ((seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31);
  const start = at("2026-11-02T09:00:00Z");
  for (let index = 0; index < 40_000; index++) {
    const userId = `u${String(index).padStart(6, "0")}`;
    const now = start + index * 60_000;
    const result = engine.decide({ event: { name: "app_open" }, user: { id: userId, session: { active: true } }, now });
    recordResult(userId, result);
    const exposure = result.records.find((record) => record.type === "exposure");
    const arm = exposure?.type === "exposure" ? exposure.exposure.variant : null;
    if (arm !== null && random() < (PLANTED_CONVERSION[arm] ?? 0)) recordEvent({ name: "list_created", id: `list-${index}`, userId, time: now + 86_400_000 });
    if (index % 60 === 0) settle(now);
  }

  // #region promote-decide
  const report = experimentReport(state, "saved-lists-modal");
  for (const arm of report.arms) console.log(arm.id, arm.users, arm.converters, arm.conversionRate?.rate.toFixed(4));
  // current 33936 3469 0.1022
  // image 4111 508 0.1236
  // control 1953 152 0.0778
  console.log(report.sampleRatio?.isMismatch); // false: the split is the configured one

  // The new version against the message everyone gets today: "current" is the baseline here.
  const challenge = { control: "current", variants: report.results!.variants.filter((arm) => arm.id !== "control") };
  const decision = pickWinner(challenge, { metric: "conversion", minimumUsersPerVariant: 3623, expectedWeights: [85, 10] });
  console.log(decision.decision, decision.winner);
  // winner image
  console.log(decision.reason);
  // "image" beats control "current" on conversion: +20.9% relative, p = 0.0000238 < 0.05
  // #endregion promote-decide

  // #region promote-config
  /** The campaign with the winning variant's content for everyone, and no experiment. */
  function promote(campaign: CampaignInput, winner: string): CampaignInput {
    const { experiment, ...rest } = campaign;
    const variant = experiment?.variants.find((candidate) => candidate.id === winner);
    const content = { ...rest.content };
    for (const [channel, fields] of Object.entries(variant?.content ?? {}) as [keyof typeof content, Record<string, string>][]) content[channel] = { ...content[channel], ...fields };
    return { ...rest, content };
  }

  const promoted = decision.winner === null ? config : { ...config, campaigns: config.campaigns.map((campaign) => (campaign.id === "saved-lists-modal" ? promote(campaign, decision.winner!) : campaign)) };
  console.log(createEngine(promoted).decide({ event: { name: "app_open" }, user: { id: "u999999", session: { active: true } }, now: "2026-12-01T09:00:00Z" }).decisions[0]?.content);
  // { title: 'New: saved lists', body: 'Keep the products you love in lists.', image: 'https://cdn.example/lists.png' }
  // #endregion promote-config

  // #region promote-bandit
  const snapshot = { id: report.bandit!.id, arms: report.bandit!.arms.filter((arm) => arm.id !== "control") };
  const allocation = banditAllocation("saved-lists-modal", snapshot, { minimumShare: 0.05 });
  console.log(allocation.shares); // { current: 0.05, image: 0.95 }

  // The next config's weights: the bandit's shares of 95%, and the 5% control kept.
  const weights = { ...Object.fromEntries(Object.entries(allocation.shares).map(([arm, share]) => [arm, Math.round(share * 95)])), control: 5 };
  console.log(weights); // { current: 5, image: 90, control: 5 }
  // #endregion promote-bandit

  return { logged, report, decision, promoted, state };
}

describe("run-on-10-percent-promote-the-winner.md", () => {
  const text = readFileSync(join(GUIDES_DIR, "run-on-10-percent-promote-the-winner.md"), "utf8");
  const config = jsonBlocks(text)[0] as EngineConfigInput;
  const guide = promoteGuide(config);

  it("has its tested blocks in sync with this file", () => {
    expectCopiesInSync("run-on-10-percent-promote-the-winner.md", ["promote-collect", "promote-decide", "promote-config", "promote-bandit"]);
  });

  it("the report, pickWinner's verdict, the promoted content and the bandit's weights are the ones shown", () => {
    const shown = [
      ["current", 33936, 3469, "0.1022"],
      ["image", 4111, 508, "0.1236"],
      ["control", 1953, 152, "0.0778"],
      [false],
      ["winner", "image"],
      ['"image" beats control "current" on conversion: +20.9% relative, p = 0.0000238 < 0.05'],
      [{ title: "New: saved lists", body: "Keep the products you love in lists.", image: "https://cdn.example/lists.png" }],
      [{ current: 0.05, image: 0.95 }],
      [{ current: 5, image: 90, control: 5 }],
    ];
    expect(guide.logged).toEqual(shown);
    for (const [id, users, converters, rate] of shown.slice(0, 3)) expect(text).toContain(`// ${id} ${users} ${converters} ${rate}`);
    expect(text).toContain(`// ${shown[5]?.[0]}`);
    // Settling every hour lost nothing: no event came late.
    expect(guide.state.counts).toMatchObject({ late: 0, invalid: 0 });
    // The planted effect is inside the intervals: the new version against the current one, and each against no modal.
    const image = guide.report.arms[1];
    expect(image?.vsControl?.difference.lower).toBeLessThan((PLANTED_CONVERSION.image ?? 0) - (PLANTED_CONVERSION.control ?? 0));
    expect(image?.vsControl?.difference.upper).toBeGreaterThan((PLANTED_CONVERSION.image ?? 0) - (PLANTED_CONVERSION.control ?? 0));
  });

  it("the planned sample size is the one the guide quotes; the promoted campaign has no experiment left", () => {
    expect(sampleSize({ baselineRate: 0.1, minimumDetectableEffect: 0.2 }).perVariant).toBe(3623);
    expect(text).toContain("`sampleSize({ baselineRate: 0.1, minimumDetectableEffect: 0.2 })` says\n3,623 per variant");
    const campaign = guide.promoted.campaigns.find((candidate) => candidate.id === "saved-lists-modal");
    expect(campaign).not.toHaveProperty("experiment");
    expect(campaign?.content).toEqual({ in_app: { title: "New: saved lists", body: "Keep the products you love in lists.", image: "https://cdn.example/lists.png" } });
  });
});

afterEach(() => {
  vi.restoreAllMocks();
});
