/**
 * Shares with every arm at least `minimumShare` and a total of 1: arms below the floor are clamped to
 * it and the others are scaled down proportionally to pay for it. Scaling can push another arm under
 * the floor, so this repeats until no arm moves (at most once per arm). Requires minimumShare × n ≤ 1.
 */
export function applyMinimumShare(probabilities: readonly number[], minimumShare: number): number[] {
  const clamped = probabilities.map(() => false);
  for (;;) {
    const freeCount = clamped.filter((isClamped) => !isClamped).length;
    const freeMass = 1 - (probabilities.length - freeCount) * minimumShare;
    const freeProbability = probabilities.reduce((sum, probability, index) => (clamped[index] ? sum : sum + probability), 0);
    const shares = probabilities.map((probability, index) => {
      if (clamped[index]) return minimumShare;
      // All free arms with probability 0: split what is left evenly.
      return freeProbability > 0 ? (probability * freeMass) / freeProbability : freeMass / freeCount;
    });
    let moved = false;
    shares.forEach((share, index) => {
      if (!clamped[index] && share < minimumShare) {
        clamped[index] = true;
        moved = true;
      }
    });
    if (!moved) return shares;
  }
}
