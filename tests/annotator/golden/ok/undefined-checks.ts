// undefined and null are different empty values: a Map lookup is checked with === undefined,
// and a field may hold either.

class Slot {
  value: number | null | undefined;
  constructor() {
    this.value = undefined;
  }
}

function lookup(table: Map<string, number>, key: string): number {
  const found = table.get(key);
  if (found === undefined) return -1;
  return found;
}

function state(slot: Slot): string {
  if (slot.value === undefined) return "unset";
  if (slot.value === null) return "cleared";
  return `set to ${slot.value}`;
}

export function main(argv: string[]): number {
  const table = new Map<string, number>();
  table.set("one", 1);
  const slot = new Slot();
  if (argv.length > 1) slot.value = null;
  if (argv.length > 2) slot.value = 3;
  console.log(state(slot));
  return lookup(table, (argv.length > 0 ? argv[0]! : "one"));
}
/* ==== annotate
undefined-checks.ts:4 class Slot
  value: int | null | undefined
undefined-checks.ts:6 Slot.constructor() -> void
undefined-checks.ts:11 lookup(table: Map<string, int>, key: string) -> int
undefined-checks.ts:17 state(slot: Slot) -> string
undefined-checks.ts:23 main(argv: string[]) -> int
*/
