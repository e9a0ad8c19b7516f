// A Map built at import time may hold itself: its values are Maps of the same kind (printed
// `...` where the type repeats).

type Scope = Map<string, Scope>;
const GLOBAL: Scope = new Map();
GLOBAL.set("global", GLOBAL);
GLOBAL.set("inner", new Map([["outer", GLOBAL]]));

function depth(scope: Scope, name: string, limit: number): number {
  let d = 0;
  for (let s = scope.get(name); s !== undefined && d < limit; s = s.get(name)) d++;
  return d;
}

export function main(argv: string[]): number {
  return depth(GLOBAL, "global", argv.length + 2);
}
/* ==== annotate
prebuilt-recursive-map.ts:9 depth(scope: Map<string, ...>, name: string, limit: int) -> int
prebuilt-recursive-map.ts:15 main(argv: string[]) -> int
*/
