import { assignVariant, type AssignOptions } from "../assignment/assign-variant.js";
import type { Assignment } from "../assignment/assignment.js";
import type { CompiledExperiment } from "../config/experiment-model.js";
import type { Experiment } from "../config/experiment-schema.js";
import type { StickyDocument } from "./sticky-document.js";

/**
 * Where sticky documents live (one per unit). Synchronous, so that assignment stays synchronous;
 * for an asynchronous store, read the document yourself, pass it as `options.sticky` to
 * `assignVariant`, and write back `assignment.stickyDocument` when it is present.
 */
export interface StickyAssignmentStore {
  read(unitId: string): StickyDocument | null | undefined;
  write(document: StickyDocument): void;
}

/** `assignVariant` with sticky assignment read from and written to a store. */
export function assignVariantWithStore(
  experiment: Experiment | CompiledExperiment,
  unitId: string,
  store: StickyAssignmentStore,
  options?: Omit<AssignOptions, "sticky">,
): Assignment {
  const assignment = assignVariant(experiment, unitId, { ...options, sticky: store.read(unitId) ?? null });
  if (assignment.stickyDocument !== undefined) store.write(assignment.stickyDocument);
  return assignment;
}

/** An in-memory store: for tests, scripts and single-process services. */
export interface MemoryStickyStore extends StickyAssignmentStore {
  /** Every document, as JSON-ready copies (e.g. to persist or inspect). */
  documents(): StickyDocument[];
}

export function createMemoryStickyStore(initial: readonly StickyDocument[] = []): MemoryStickyStore {
  const byUnit = new Map<string, StickyDocument>();
  // Copies through JSON so that callers' objects are never shared with (or changed by) the store.
  const copy = (document: StickyDocument): StickyDocument => JSON.parse(JSON.stringify(document)) as StickyDocument;
  for (const document of initial) byUnit.set(document.unitId, copy(document));
  return {
    read: (unitId) => {
      const document = byUnit.get(unitId);
      return document === undefined ? null : copy(document);
    },
    write: (document) => {
      byUnit.set(document.unitId, copy(document));
    },
    documents: () => [...byUnit.values()].map(copy),
  };
}
