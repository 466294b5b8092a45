/**
 * segments/operators/behavioural-operator-table.ts in an engine module whose config's rules use no
 * behavioural operator: the table is empty (as the real one is with no operator group), and no
 * operator reads behaviour through the context.
 */
import type * as real from "../../segments/operators/behavioural-operator-table.js";

export const behaviourContext: typeof real.behaviourContext = (horizonDays) => ({ horizonDays, reader: null as never });
export const behaviouralOperatorTable: typeof real.behaviouralOperatorTable = () => Object.freeze({});
