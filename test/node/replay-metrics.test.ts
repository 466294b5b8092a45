/**
 * `nudgekit replay --outcomes … --kpis …` (issue 21, "Replay and demo"): the replay folds its own
 * sends and exposures (outcomesOfResult) with an outcome log, and reports KPIs per campaign and
 * variant, each experiment against its control with pickWinner's verdict, and holdout lift. On the
 * demo's seeded log (examples/ecommerce: generate-events.ts, generate-outcomes.ts), the reported
 * intervals cover the effect planted in the outcome log, the engine's decisions are the demo's, and
 * no order of the files changes a figure.
 */
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { generateExample, toJsonl } from "../../examples/ecommerce/generate-events.js";
import { generateOutcomes, PLANTED, plantedConversionRate } from "../../examples/ecommerce/generate-outcomes.js";
import { compileMetricsConfig, type ExperimentReport, type HoldoutLift, type KpiRow } from "../../src/metrics/index.js";
import { runCliCaptured } from "../support/run-cli-captured.js";
import { ReplayMetrics, type ReplayMetricsReport } from "../../src/node/replay/replay-metrics.js";
import { createEngine } from "../../src/index.js";
import { parseEventLine, replayEvents, type ReplayEvent } from "../../src/replay/index.js";
import { exampleConfig } from "../support/engine-fixtures.js";

const cli = (...args: string[]) => runCliCaptured(args);
afterEach(() => vi.restoreAllMocks());

const dir = mkdtempSync(join(tmpdir(), "nudgekit-replay-metrics-"));
const file = (name: string): string => join(dir, name);
const CONFIG = fileURLToPath(new URL("../../examples/ecommerce/campaigns.json", import.meta.url));

/** A seeded shuffle of a file's lines (far from time order). */
function shuffled(text: string, seed: number): string {
  const lines = text.trimEnd().split("\n");
  let state = seed;
  const random = (): number => ((state = (state * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31);
  for (let index = lines.length - 1; index > 0; index--) {
    const other = Math.floor(random() * (index + 1));
    [lines[index], lines[other]] = [lines[other] as string, lines[index] as string];
  }
  return `${lines.join("\n")}\n`;
}

type Summary = Record<string, unknown> & { metrics: ReplayMetricsReport };
const replayJson = async (events: string, outcomes: string, ...args: string[]): Promise<Summary> => {
  const { code, stdout, stderr } = await cli("replay", "--config", CONFIG, "--events", file(events), "--users", file("users.jsonl"), "--outcomes", file(outcomes), "--json", "--quiet", ...args);
  expect([code, stderr]).toEqual([0, ""]);
  return JSON.parse(stdout) as Summary;
};
/** The figures, without the names of the files they came from. */
const figures = (summary: Summary): unknown => ({ ...summary, metrics: { ...summary.metrics, outcomes: { ...summary.metrics.outcomes, files: summary.metrics.outcomes.files.map(({ lines, notJson }) => ({ lines, notJson })) } } });

describe("the demo's seeded log (npm run demo): the replay recovers the planted effect", () => {
  let ordered: Summary;
  const arm = (report: ExperimentReport, id: string) => report.arms.find((candidate) => candidate.id === id);

  beforeAll(async () => {
    const example = toJsonl(generateExample());
    writeFileSync(file("users.jsonl"), example.users);
    writeFileSync(file("events.jsonl"), example.events);
    const outcomes = generateOutcomes({ config: JSON.parse(readFileSync(CONFIG, "utf8")), users: example.users, events: example.events });
    writeFileSync(file("outcomes.jsonl"), outcomes.jsonl);
    writeFileSync(file("shuffled-events.jsonl"), shuffled(example.events, 11));
    writeFileSync(file("shuffled-outcomes.jsonl"), shuffled(outcomes.jsonl, 13));
    ordered = await replayJson("events.jsonl", "outcomes.jsonl", "--kpis", file("ordered.csv"));
  }, 180_000);

  it("the engine's decisions are the demo's: 103,528 events, 15,188 messages, 302 deferred, 104 malformed lines", () => {
    expect(ordered).toMatchObject({ events: 103_528, users: 5_000, decisions: 15_188, deferred: 302, skippedLines: 104 });
    // Conversions are tracked events no campaign trigger or segment reads: only the conversion definition names them.
    const config = readFileSync(CONFIG, "utf8");
    expect(config.split(`"${PLANTED.conversionEvent}"`).length - 1).toBe(1);
    expect(config).toContain(`"conversions": [{ "id": "list-created", "event": "${PLANTED.conversionEvent}"`);
  });

  it("every outcome is folded; the replay's own sends and exposures are the summary's", () => {
    const { outcomes } = ordered.metrics;
    expect(outcomes.sent).toBe(15_188);
    expect(outcomes.counts).toMatchObject({ duplicates: 0, late: 0, invalid: 0, ignored: 0 });
    // The replayed purchases are the onboarding journey's goal: folded as the users' events.
    expect(outcomes.conversionEvents).toBeGreaterThan(0);
    expect(outcomes.counts.folded).toBe(outcomes.sent + outcomes.exposures + outcomes.conversionEvents + (outcomes.files[0]?.lines ?? 0));
  });

  it("each variant's click-through interval covers the planted click-through", () => {
    const rows = ordered.metrics.kpis.filter((row: KpiRow) => row.campaign === PLANTED.campaign);
    expect(rows.map((row) => row.variant)).toEqual(["image", "no-image"]);
    for (const row of rows) {
      const planted = PLANTED.clickThrough[row.variant ?? ""] as number;
      expect(row.clickThroughRate?.lower).toBeLessThan(planted);
      expect(row.clickThroughRate?.upper).toBeGreaterThan(planted);
    }
  });

  it("each arm's conversion interval covers its planted rate; the difference and the relative lift against the control cover the planted ones", () => {
    const report = ordered.metrics.experiments.find((experiment) => experiment.experimentId === PLANTED.experiment) as ExperimentReport;
    expect(report.arms.map((candidate) => [candidate.id, candidate.isControl])).toEqual([["image", false], ["no-image", false], ["control", true]]);
    expect(report.sampleRatio?.isMismatch).toBe(false);
    const control = plantedConversionRate("control");
    for (const id of ["image", "no-image", "control"]) {
      const rate = arm(report, id)?.conversionRate;
      expect(rate?.lower, id).toBeLessThan(plantedConversionRate(id));
      expect(rate?.upper, id).toBeGreaterThan(plantedConversionRate(id));
    }
    for (const id of ["image", "no-image"]) {
      const versus = arm(report, id)?.vsControl;
      const difference = plantedConversionRate(id) - control;
      const lift = plantedConversionRate(id) / control - 1;
      expect(versus?.difference.lower, id).toBeLessThan(difference);
      expect(versus?.difference.upper, id).toBeGreaterThan(difference);
      expect(versus?.relativeLift.lower, id).toBeLessThan(lift);
      expect(versus?.relativeLift.upper, id).toBeGreaterThan(lift);
    }
    // The planted lifts: +72% for image, +48% for no-image.
    expect(plantedConversionRate("image") / control - 1).toBeCloseTo(0.72, 10);
    expect(plantedConversionRate("no-image") / control - 1).toBeCloseTo(0.48, 10);
  });

  it("pickWinner picks the image variant", () => {
    const [winner] = ordered.metrics.winners;
    expect(winner).toMatchObject({ experimentId: PLANTED.experiment, policy: { metric: "conversion", minimumUsersPerVariant: 100, expectedWeights: [45, 45, 10] }, decision: { decision: "winner", winner: "image" } });
  });

  it("the global holdout converts less: the difference and the incremental conversions' intervals cover the planted ones", () => {
    const lift = ordered.metrics.lift.find((candidate: HoldoutLift) => candidate.campaign === PLANTED.campaign && candidate.comparison === "global-holdout") as HoldoutLift;
    const report = ordered.metrics.experiments[0] as ExperimentReport;
    const image = arm(report, "image")?.users ?? 0;
    const noImage = arm(report, "no-image")?.users ?? 0;
    // Everyone sent the modal is in a treatment arm: the pooled planted rate, against the base rate.
    expect(lift.treatment.users).toBe(image + noImage);
    expect(lift.control.users).toBe((ordered.variants as Record<string, Record<string, number>>)[PLANTED.campaign]?.holdout);
    const treated = (image * plantedConversionRate("image") + noImage * plantedConversionRate("no-image")) / (image + noImage);
    const difference = treated - plantedConversionRate("holdout");
    expect(lift.difference?.lower).toBeLessThan(difference);
    expect(lift.difference?.upper).toBeGreaterThan(difference);
    expect(lift.difference?.lower).toBeGreaterThan(0);
    expect(lift.incrementalConversions?.lower).toBeLessThan(difference * lift.treatment.users);
    expect(lift.incrementalConversions?.upper).toBeGreaterThan(difference * lift.treatment.users);
  });

  it("reshuffling the outcome log and the event log changes no figure, in memory and one user at a time", async () => {
    const inMemory = await replayJson("shuffled-events.jsonl", "shuffled-outcomes.jsonl", "--sort-buffer", "200000", "--kpis", file("shuffled.csv"));
    expect(figures(inMemory)).toEqual(figures(ordered));
    expect(readFileSync(file("shuffled.csv"), "utf8")).toBe(readFileSync(file("ordered.csv"), "utf8"));
    const byUser = await replayJson("shuffled-events.jsonl", "shuffled-outcomes.jsonl", "--sort-buffer", "7000");
    expect(figures(byUser)).toEqual(figures(ordered));
  }, 120_000);

  it("--kpis writes the KPIs per campaign and variant as CSV", () => {
    const csv = readFileSync(file("ordered.csv"), "utf8").trimEnd().split("\n");
    expect(csv[0]).toMatch(/^campaign,variant,channel,day,messages,sent,delivered,/);
    expect(csv).toHaveLength(ordered.metrics.kpis.length + 1);
    expect(csv.some((line) => line.startsWith("new-feature-modal,image,,,1779,1779,1779,"))).toBe(true);
  });

  it("the text summary goes on with the KPIs, the experiment with pickWinner's verdict, and the lift", async () => {
    const { code, stdout } = await cli("replay", "--config", CONFIG, "--events", file("events.jsonl"), "--users", file("users.jsonl"), "--outcomes", file("outcomes.jsonl"), "--send-time", "--quiet");
    expect(code).toBe(0);
    const text = stdout.slice(stdout.indexOf("\nOutcomes: "));
    // The outcome log plants a preferred hour per user: their best time finds it, a fixed hour and the population's do not.
    const sendTime = /\n {2}the user's best time \(bestSendTime on their earlier opens\) +(\d+\.\d)% +(\d+\.\d)%\n {2}a fixed hour \(10:00 local\) +(\d+\.\d)% +(\d+\.\d)%\n {2}the population's best hour +(\d+\.\d)% +(\d+\.\d)%/.exec(text)?.slice(1).map(Number) ?? [];
    expect(sendTime).toHaveLength(6);
    const [best, bestKnown, fixed, fixedKnown, population, populationKnown] = sendTime as [number, number, number, number, number, number];
    expect(best).toBeGreaterThan(Math.max(fixed, population));
    expect(bestKnown).toBeGreaterThan(60);
    expect(Math.max(fixedKnown, populationKnown)).toBeLessThan(40);
    expect(text).toContain(`Outcomes: the replay's 15,188 sends and ${ordered.metrics.outcomes.exposures.toLocaleString("en-US")} exposures, ${ordered.metrics.outcomes.conversionEvents.toLocaleString("en-US")} of its events that conversions name, and outcomes.jsonl`);
    // A journey's steps are its rows, credited its goal by last touch.
    expect(text).toMatch(/\n {2}onboarding-series \/ tip +\d[\d,]* +\d[\d,]* .* +\d+ +\d+\.\d% \[/);
    expect(text).toMatch(/\n {2}new-feature-modal \/ image +1,779 +1,779 +– +\d+\.\d% \[\d+\.\d%, \d+\.\d%\] +\d+ +\d+\.\d% \[/);
    expect(text).toMatch(/\nExperiment new-feature-modal \(campaign new-feature-modal\)/);
    expect(text).toMatch(/\n {2}pickWinner \(conversion, at least 100 users an arm, alpha 0\.05, sample-ratio check\): winner image: "image" beats control "control" on conversion/);
    expect(text).toMatch(/\n {2}new-feature-modal \(list-created\): 3,522 users sent the campaign converted .*; \d+ kept out by the global holdout, /);
    expect(text).toMatch(/\n {4}difference \+\d+\.\d pp \[\+\d+\.\d, \+\d+\.\d\]; incremental conversions \+\d+ \[\+\d+, \+\d+\]/);
    // The replay guide quotes it whole.
    const guide = readFileSync(fileURLToPath(new URL("../../docs/guides/replaying-an-event-log.md", import.meta.url)), "utf8");
    const quoted = /\ndemo prints, after the replay's summary:\n\n```\n([\s\S]*?)\n```/.exec(guide)?.[1] ?? "(nothing quoted)";
    expect(text.trim()).toBe(quoted);
    // The README quotes the experiment.
    const readme = readFileSync(fileURLToPath(new URL("../../README.md", import.meta.url)), "utf8");
    const excerpt = /`pickWinner` picks the image version:\n\n```text\n([\s\S]*?)\n```/.exec(readme)?.[1] ?? "(nothing quoted)";
    expect(excerpt.startsWith("Experiment new-feature-modal")).toBe(true);
    expect(text).toContain(`\n${excerpt}\n\n`);
  }, 60_000);
});

describe("--outcomes and --kpis on small files", () => {
  const user = { id: "u1", timeZone: "Europe/Paris", platform: "ios", consents: { push: { optedIn: true, tokens: [{ platform: "ios", valid: true }] }, email: { optedIn: true, verified: true } } };
  const run = (...args: string[]) => cli("replay", "--config", file("small-campaigns.json"), "--events", file("small-events.jsonl"), "--users", file("small-users.jsonl"), ...args);

  beforeAll(() => {
    writeFileSync(file("small-campaigns.json"), JSON.stringify(exampleConfig()));
    writeFileSync(file("small-users.jsonl"), `${JSON.stringify(user)}\n`);
    writeFileSync(file("small-events.jsonl"), `${JSON.stringify({ userId: "u1", id: "e1", name: "payment_failed", time: "2026-11-23T10:00:00Z", properties: { order_id: "o1" } })}\n`);
  });

  it("without --outcomes or --kpis, the summary is the replay's alone", async () => {
    const { code, stdout } = await run("--json", "--quiet");
    expect(code).toBe(0);
    expect(JSON.parse(stdout)).not.toHaveProperty("metrics");
  });

  it("a line that is not JSON or not a metrics event is reported with its file and line, counted, and the run goes on", async () => {
    const sent = { outcome: "open", id: "o1", userId: "u1", time: "2026-11-23T10:05:00Z", campaignId: "payment-failure", channel: "push", deliveryId: "payment-failure/push/1795428000000" };
    writeFileSync(file("small-outcomes.jsonl"), `${JSON.stringify(sent)}\n{"outcome":\n${JSON.stringify({ outcome: "opened", id: "x", userId: "u1", time: 1 })}\n`);
    const { code, stdout, stderr } = await run("--json", "--outcomes", file("small-outcomes.jsonl"));
    expect(code).toBe(0);
    expect(stderr).toMatch(new RegExp(`^${file("small-outcomes.jsonl")}:2: skipped: not JSON: .*\\n${file("small-outcomes.jsonl")}:3: skipped: .*outcome.*\\n$`));
    const { metrics } = JSON.parse(stdout) as Summary;
    expect(metrics.outcomes.counts).toMatchObject({ invalid: 2, folded: 4 });
    // The payment failure went by push and email, and the terms update by email (the replay's 3 sends); the push was opened (in the file).
    expect(metrics.kpis.find((row) => row.campaign === "payment-failure")).toMatchObject({ sent: 2, opens: { human: 1 } });
  });

  it("--kpis alone reports the replay's sends; an unreadable outcome file or an unwritable CSV fails before any work", async () => {
    const { code, stdout } = await run("--json", "--quiet", "--kpis", file("small.csv"));
    expect(code).toBe(0);
    expect((JSON.parse(stdout) as Summary).metrics.outcomes).toMatchObject({ files: [], sent: 3 });
    expect(readFileSync(file("small.csv"), "utf8")).toMatch(/\npayment-failure,,,,2,2,0,/);
    const missing = await run("--outcomes", file("missing.jsonl"));
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain(`cannot read the outcomes file ${file("missing.jsonl")}`);
    const unwritable = await run("--kpis", join(dir, "no-such-folder", "kpis.csv"));
    expect(unwritable.code).toBe(1);
    expect(unwritable.stderr).toContain("cannot write");
  });
});

describe("the replay's own events as conversions", () => {
  it("folds a replayed event a journey's goal names with its revenue, order and campaign, once even when an outcome file repeats it", async () => {
    const config = {
      campaigns: [],
      journeys: [{ id: "onboarding", entry: { event: "signed_up" }, goal: { event: "purchase", window: "14d" }, start: "hi", nodes: { hi: { type: "message", category: "transactional", channels: ["email"], content: { email: { subject: "Hi", text: "Hello" } } } } }],
    };
    const engine = createEngine(config as never);
    const profiles = new Map([["u1", { id: "u1", timeZone: "UTC", consents: { email: { optedIn: true, verified: true } } }]]);
    const purchase = { userId: "u1", id: "p1", name: "purchase", time: "2026-11-23T12:00:00Z", revenue: 4200, currency: "EUR", orderId: "o1" };
    const lines = [{ userId: "u1", id: "s1", name: "signed_up", time: "2026-11-23T10:00:00Z" }, purchase].map((line, index) => parseEventLine(JSON.stringify(line), index + 1));
    const metrics = new ReplayMetrics({ config: compileMetricsConfig(config), experiments: [], minimumUsersPerVariant: 100 });
    replayEvents(engine, lines.filter((line): line is ReplayEvent => "event" in line), profiles, { onResult: metrics.onResult });
    writeFileSync(file("repeat-outcomes.jsonl"), `${JSON.stringify(purchase)}\n`);
    await metrics.foldFile(file("repeat-outcomes.jsonl"), 1 << 20);
    const report = metrics.report();
    expect(report.outcomes).toMatchObject({ sent: 1, conversionEvents: 1, counts: expect.objectContaining({ duplicates: 1 }) });
    expect(report.kpis).toEqual([expect.objectContaining({ campaign: "onboarding", variant: "hi", conversions: 1, revenue: { EUR: 4200 } })]);
  });
});
