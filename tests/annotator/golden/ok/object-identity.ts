// === on objects compares identity; null and objects compare too.

class Symbol {
  name: string;
  constructor(name: string) {
    this.name = name;
  }
}

const NIL = new Symbol("nil");

function intern(table: Symbol[], name: string): Symbol {
  for (const s of table) if (s.name === name) return s;
  const s = new Symbol(name);
  table.push(s);
  return s;
}

export function main(argv: string[]): number {
  const table = [NIL];
  const a = intern(table, (argv.length > 1 ? argv[1]! : "x"));
  const b = intern(table, "x");
  const missing: Symbol | null = argv.length > 9 ? a : null;
  return (a === b ? 1 : 0) + (a !== NIL ? 2 : 0) + (missing === null ? 4 : 0);
}
/* ==== annotate
object-identity.ts:3 class Symbol
  name: string
object-identity.ts:5 Symbol.constructor(name: string) -> void
object-identity.ts:12 intern(table: Symbol[], name: string) -> Symbol
object-identity.ts:19 main(argv: string[]) -> int
*/
