// `??` and `??=` on values that may be undefined: Map.get, pop and an optional field.

class Cache {
  hits: Map<string, number> = new Map();
  last: string | undefined = undefined;

  record(key: string): number {
    const count = (this.hits.get(key) ?? 0) + 1;
    this.hits.set(key, count);
    this.last ??= key;
    return count;
  }
}

export function main(argv: string[]): number {
  const cache = new Cache();
  for (const arg of argv) cache.record(arg);
  const stack = [1, 2, 3];
  const top = stack.pop() ?? -1;
  console.log(cache.last ?? "nothing");
  return top;
}
/* ==== annotate
nullish-coalescing.ts:3 class Cache
  hits: Map<string, int>
  last: string | undefined
nullish-coalescing.ts:3 Cache.constructor() -> void
nullish-coalescing.ts:7 Cache.record(key: string) -> int
nullish-coalescing.ts:15 main(argv: string[]) -> int
*/
