import type { Channel } from "../../channels/channel.js";
import { isPlatform, type Platform } from "../../channels/surface.js";
import type { CompiledEngine } from "../model/compiled-engine.js";
import type { DecisionStep, StepTrace } from "../engine-types.js";
import { readSession } from "../../channels/user/channel-user.js";
import { field } from "../../json/own-value.js";
import { readHistory, readUnitId, readZone, type EventView, type HistoryView, type RuleHistory } from "../input/engine-input.js";

/** The data trigger and audience rules evaluate on. */
export interface RuleData {
  readonly event: EventView | null;
  readonly user: unknown;
  readonly session: unknown;
  readonly now: number;
  /** The valid deliveries and engagement, for the message-history operators. */
  readonly history: RuleHistory;
}

/** Everything one call reads about its user, computed once and shared by the campaigns it considers. */
export class RunContext {
  readonly engine: CompiledEngine;
  readonly user: unknown;
  readonly now: number;
  readonly zone: string;
  readonly unitId: string | null;
  readonly sessionId: string | undefined;
  /** The session's platform, and the user's own `platform` (their device, for what is sent out of the app). */
  readonly sessionPlatform: Platform | undefined;
  readonly profilePlatform: Platform | undefined;
  readonly history: HistoryView;
  /** What rules (triggers, audiences, segments) see of the history. */
  readonly ruleHistory: RuleHistory;
  /** Step traces by campaign id, when explaining. */
  readonly traces: Map<string, StepTrace[]> | null;
  readonly #membership = new Map<string, boolean>();
  #lastTouches: Map<string, number> | undefined;

  constructor(engine: CompiledEngine, user: unknown, history: unknown, now: number, trace: boolean) {
    this.engine = engine;
    this.user = user;
    this.now = now;
    this.zone = readZone(user, engine.timeZone, engine.zones);
    this.unitId = readUnitId(user);
    const session = readSession(user);
    this.sessionId = session.id;
    this.sessionPlatform = session.platform;
    const profilePlatform = field(user, "platform");
    this.profilePlatform = isPlatform(profilePlatform) ? profilePlatform : undefined;
    this.history = readHistory(history);
    this.ruleHistory = Object.freeze({ deliveries: this.history.deliveries, engagement: this.history.engagement });
    this.traces = trace ? new Map() : null;
  }

  /**
   * The platform whose content a message on `channel` gets: in the app, the session's (else the
   * user's); sent out of it (push, email, SMS), the user's own device (else the session's).
   */
  platformFor(channel: Channel): Platform | undefined {
    return channel === "in_app" ? (this.sessionPlatform ?? this.profilePlatform) : (this.profilePlatform ?? this.sessionPlatform);
  }

  #ruleData: RuleData | undefined;

  /** What trigger and audience rules see; built once per event (every candidate of a decide shares one). */
  ruleData(event: EventView | null): RuleData {
    const known = this.#ruleData;
    if (known !== undefined && known.event === event) return known;
    return (this.#ruleData = { event, user: this.user, session: field(this.user, "session") ?? null, now: this.now, history: this.ruleHistory });
  }

  /** Segment membership, each segment evaluated at most once per call. */
  isMember = (segment: string): boolean => {
    let member = this.#membership.get(segment);
    if (member === undefined) {
      member = this.engine.segments.isMember(segment, this.user, this.now, { history: this.ruleHistory });
      this.#membership.set(segment, member);
    }
    return member;
  };

  /** The latest send or exposure per campaign. */
  lastTouch(campaign: string): number | undefined {
    if (this.#lastTouches === undefined) {
      const touches = new Map<string, number>();
      const touch = (id: string, at: number): void => {
        const known = touches.get(id);
        if (known === undefined || at > known) touches.set(id, at);
      };
      for (const delivery of this.history.deliveries) touch(delivery.campaign, delivery.at);
      for (const exposure of this.history.exposures) touch(exposure.campaign, exposure.at);
      this.#lastTouches = touches;
    }
    return this.#lastTouches.get(campaign);
  }

  #pendingCampaigns: Set<string> | undefined;

  /** Whether a delayed trigger of the campaign is waiting (a set built once per call: histories can hold thousands). */
  isPending(campaign: string): boolean {
    this.#pendingCampaigns ??= new Set(this.history.pending.map((pending) => pending.campaign));
    return this.#pendingCampaigns.has(campaign);
  }

  trace(campaign: string, step: DecisionStep, entry: Omit<StepTrace, "step">): void {
    if (this.traces === null) return;
    let steps = this.traces.get(campaign);
    if (steps === undefined) this.traces.set(campaign, (steps = []));
    steps.push({ step, ...entry });
  }
}
