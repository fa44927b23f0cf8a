/** Small statistics for the bench: every figure is reported as min / median / max over its repeats. */
export interface Spread {
  min: number;
  median: number;
  max: number;
  runs: number[];
}

export function spread(values: number[]): Spread {
  const sorted = [...values].sort((a, b) => a - b);
  const median = sorted.length % 2 ? sorted[(sorted.length - 1) / 2]! : (sorted[sorted.length / 2 - 1]! + sorted[sorted.length / 2]!) / 2;
  return { min: sorted[0]!, median, max: sorted.at(-1)!, runs: values };
}

export function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

/** Runs `once(i)` `repeats` times; `i` lets a measurement alternate which side it runs first. */
export async function repeat<T>(repeats: number, once: (i: number) => Promise<T>): Promise<T[]> {
  const out: T[] = [];
  for (let i = 0; i < repeats; i++) out.push(await once(i));
  return out;
}

export const round = (value: number, digits = 2) => +value.toFixed(digits);
