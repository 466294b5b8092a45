/**
 * The browser guide's code (docs/guides/browser.md), copied block by block between
 * `// #region NAME` and `// #endregion NAME` (test/guides/guides.test.ts checks the copies and runs
 * them). It lives apart from guides.test.ts because it imports `foldCompiledEvents` from nudgekit/runtime,
 * where the backend guide imports `foldEvents` from nudgekit/segments.
 */
import { createEngine, prepareConfig, type EngineConfigInput } from "../../src/index.js";
import { applyRecords, engineOfModule, loadEngine, foldCompiledEvents, type Engine, type BehaviourAggregates, type Decision, type EngineHistory, type EngineRecord, type PreparedConfig } from "../../src/runtime/index.js";
import { compileRule, explainRule } from "../../src/rules/index.js";
import { assignVariant } from "../../src/experiments/index.js";
import { compileSegments } from "../../src/segments/index.js";
import { checkCaps } from "../../src/caps/index.js";
import { chooseChannel } from "../../src/channels/index.js";

/** The subpaths the guide's import block names (it runs nothing). */
export const browserImports = { loadEngine, foldCompiledEvents, createEngine, prepareConfig, compileRule, explainRule, assignVariant, compileSegments, checkCaps, chooseChannel };

/** The guide's SessionStart, as the tests build it (the guide's own interface is local to its code). */
export interface GuideSessionStart {
  prepared: PreparedConfig;
  inAppOnly: string[];
  user: { id: string; [field: string]: unknown };
  behaviour: BehaviourAggregates | null;
  history: EngineHistory;
  serverTime: number;
}

/** What the guide's code provides; the copies below must fit it. */
export interface BrowserGuide {
  preparedForBrowsers(config: EngineConfigInput): { prepared: PreparedConfig; inAppOnly: string[] };
  startInAppMessages(start: GuideSessionStart, report: (records: EngineRecord[]) => void, clock?: () => number): (name: string, properties?: Record<string, unknown>) => Decision[];
  /** Runs in Chromium (test/browser loads a module the same way); here it is type-checked. */
  currentEngine(): Promise<Engine>;
}

/** The browser guide's code, in one scope. */
export function browserGuide(): BrowserGuide {
  // #region browser-imports
  // #endregion browser-imports

  // #region browser-prepare
  /** Once per config version: what every session start carries. */
  function preparedForBrowsers(config: EngineConfigInput) {
    const prepared = prepareConfig(config); // throws ConfigError, as createEngine does
    const inAppOnly = config.campaigns.filter((campaign) => campaign.channels.every((channel) => channel === "in_app")).map((campaign) => campaign.id);
    return { prepared, inAppOnly };
  }
  // #endregion browser-prepare

  // #region browser-in-app
  /** What the server sends when a session starts. */
  interface SessionStart {
    prepared: PreparedConfig; // prepareConfig(config), the same for every user
    inAppOnly: string[]; // the campaigns the browser decides
    user: { id: string; [field: string]: unknown };
    behaviour: BehaviourAggregates | null;
    history: EngineHistory;
    serverTime: number; // the server's Date.now(), to correct the device's clock
  }

  const campaignOf = (record: EngineRecord): string =>
    record.type === "delivery" ? record.delivery.campaign : record.type === "exposure" ? record.exposure.campaign : record.type === "pending" ? record.pending.campaign : record.type === "pending-resolved" ? record.campaign : record.type === "journey-state" ? record.state.journey : record.action.journey;

  function startInAppMessages(start: SessionStart, report: (records: EngineRecord[]) => void, clock: () => number = Date.now) {
    const engine = loadEngine(start.prepared); // no validation code: the server validated it
    const inAppOnly = new Set(start.inAppOnly);
    const clockOffset = start.serverTime - clock();
    const session = { active: true, platform: "web", id: `${start.user.id}@${start.serverTime}` };
    let { behaviour, history } = start;

    /** Call on every tracked event; returns the messages to show now. */
    return function onAppEvent(name: string, properties: Record<string, unknown> = {}): Decision[] {
      const now = clock() + clockOffset; // the server's time, not the device's
      const event = { name, time: now, properties };
      if (engine.behaviour !== null) behaviour = foldCompiledEvents(behaviour, [event], engine.behaviour, { now });
      const result = engine.decide({ event, user: { ...start.user, behaviour, session }, history, now });

      const records = result.records.filter((record) => inAppOnly.has(campaignOf(record)));
      history = applyRecords(history, records); // what the next decision reads: deliveries for caps, exposures, delayed triggers
      if (records.length > 0) report(records);
      return result.decisions.filter((decision) => inAppOnly.has(decision.campaignId));
    };
  }
  // #endregion browser-in-app

  // #region browser-module
  /** The current config's engine: a new config is a new file, picked up without rebuilding the app. */
  async function currentEngine(): Promise<Engine> {
    const current = (await (await fetch("/configs/current.json")).json()) as { module: string; digest: string };
    const module: unknown = await import(/* webpackIgnore: true */ current.module);
    // Refuses a module emitted for another runtime contract, or another config than the pointer names.
    return engineOfModule(module, { digest: current.digest });
  }
  // #endregion browser-module
  return { preparedForBrowsers, startInAppMessages, currentEngine };
}
