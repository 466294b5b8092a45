/// <reference types="node" />

/** `bar`: one line redrawn in place (a terminal); `lines`: a plain line every 10% (a log file, CI); `off`. */
export type ProgressMode = "bar" | "lines" | "off";

export type ProgressUnit = "bytes" | "events" | "decisions";

/** Redraws at most this often on a terminal. */
const BAR_INTERVAL_MS = 200;

const formatCount = (value: number, unit: ProgressUnit): string =>
  unit === "bytes" ? `${(value / (1 << 20)).toLocaleString("en-US", { maximumFractionDigits: 1 })} MB` : `${value.toLocaleString("en-US")} ${unit}`;

function formatDuration(ms: number): string {
  const seconds = Math.round(ms / 1000);
  const h = Math.floor(seconds / 3600);
  const m = Math.floor((seconds % 3600) / 60);
  const s = seconds % 60;
  return h > 0 ? `${h}h ${String(m).padStart(2, "0")}m` : m > 0 ? `${m}m ${String(s).padStart(2, "0")}s` : `${s}s`;
}

/** Progress of a command's phases on stderr — a replay's reading, sorting and replaying, with percentage, rate and ETA; the files an audience loads and the segments it queries. */
export class ReplayProgress {
  /** When each phase was first reported, and the last 10% step printed for it (`lines`). */
  readonly #phases = new Map<string, { readonly start: number; lastStep: number }>();
  #lastDraw = Number.NEGATIVE_INFINITY;
  #drawn = false;

  constructor(
    private readonly stream: { write(text: string): unknown },
    readonly mode: ProgressMode,
    private readonly clock: () => number = () => performance.now(),
  ) {}

  update(phase: string, done: number, total: number, unit: ProgressUnit): void {
    if (this.mode === "off") return;
    const now = this.clock();
    let state = this.#phases.get(phase);
    if (state === undefined) {
      this.#phases.set(phase, (state = { start: now, lastStep: -1 }));
      this.#lastDraw = Number.NEGATIVE_INFINITY;
    }
    const fraction = total > 0 ? Math.min(done / total, 1) : 1;
    const elapsed = now - state.start;
    const rate = elapsed > 0 ? (done * 1000) / elapsed : 0;
    const eta = fraction > 0 && fraction < 1 && elapsed > 0 ? ` · ETA ${formatDuration((elapsed * (1 - fraction)) / fraction)}` : "";
    const text = `${phase} ${(100 * fraction).toFixed(fraction < 1 ? 1 : 0)}% · ${formatCount(done, unit)} of ${formatCount(total, unit)}${rate > 0 ? ` · ${formatCount(Math.round(rate), unit)}/s` : ""}${eta}`;
    if (this.mode === "bar") {
      if (now - this.#lastDraw < BAR_INTERVAL_MS && fraction < 1) return;
      this.#lastDraw = now;
      this.stream.write(`\r\x1b[2K${text}`);
      this.#drawn = true;
      return;
    }
    const step = Math.floor(fraction * 10);
    if (step === state.lastStep || (step === 0 && fraction < 1)) return;
    state.lastStep = step;
    this.stream.write(`${text}\n`);
  }

  /** A phase without counts (`loading events.jsonl`): the line redrawn on a terminal (`bar`), a line of its own with `lines`. */
  phase(text: string): void {
    if (this.mode === "off") return;
    if (this.mode === "lines") {
      this.stream.write(`${text}\n`);
      return;
    }
    this.stream.write(`\r\x1b[2K${text}`);
    this.#drawn = true;
    this.#lastDraw = this.clock();
  }

  /** Clears the bar, so that the next line of stderr starts clean (call before writing anything else). */
  clear(): void {
    if (this.#drawn) this.stream.write("\r\x1b[2K");
    this.#drawn = false;
    this.#lastDraw = Number.NEGATIVE_INFINITY;
  }
}
