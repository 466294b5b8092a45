import type { OperatorTable } from "../operators/operator-spec.js";

/** "unknown operator "strats_with" (did you mean "starts_with"?)" */
export function describeUnknownOperator(operator: string, operators: OperatorTable): string {
  const shown = operator.length > 60 ? `${operator.slice(0, 60)}…` : operator;
  let best: string | undefined;
  let bestDistance = Math.max(2, Math.floor(operator.length / 3)) + 1;
  if (operator.length <= 60) {
    for (const name of operators.keys()) {
      const distance = editDistance(operator.toLowerCase(), name.toLowerCase(), bestDistance);
      if (distance < bestDistance) {
        best = name;
        bestDistance = distance;
      }
    }
  }
  return `unknown operator ${JSON.stringify(shown)}${best === undefined ? "" : ` (did you mean ${JSON.stringify(best)}?)`}`;
}

/** Levenshtein distance, giving up (returning `cap`) once it cannot be below `cap`. */
function editDistance(a: string, b: string, cap: number): number {
  if (Math.abs(a.length - b.length) >= cap) return cap;
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    let rowMin = i;
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      const value = Math.min((previous[j] as number) + 1, (current[j - 1] as number) + 1, (previous[j - 1] as number) + cost);
      current.push(value);
      if (value < rowMin) rowMin = value;
    }
    if (rowMin >= cap) return cap;
    previous = current;
  }
  return previous[b.length] as number;
}
