// Compound assignment and ++/-- on variables, fields and items; ||=, &&= and ??=.

class Stats {
  count = 0;
  total = 0;
  name = "";
  best: number | null = null;
}

export function main(argv: string[]): number {
  const stats = new Stats();
  const buckets = [0, 0, 0, 0];
  for (const arg of argv) {
    stats.count++;
    stats.total += arg.length;
    buckets[arg.length % 4]! += 1;
    buckets[0]++;
    stats.best ??= arg.length;
  }
  stats.name ||= "unnamed";
  let flags = 6;
  flags &= 3;
  flags <<= 1;
  flags -= 1;
  let ok = true;
  ok &&= stats.count > 0;
  return ok ? stats.total + flags + buckets[0]! : stats.best ?? 0;
}
/* ==== annotate
compound-assignment.ts:3 class Stats
  best: int | null
  count: int
  name: string
  total: int
compound-assignment.ts:3 Stats.constructor() -> void
compound-assignment.ts:10 main(argv: string[]) -> int
*/
