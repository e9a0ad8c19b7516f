// Map: get (undefined when missing), set, has, delete, size.

class Symbols {
  table = new Map<string, number>();

  define(name: string, value: number): void {
    this.table.set(name, value);
  }

  lookup(name: string): number | undefined {
    return this.table.get(name);
  }
}

export function main(argv: string[]): number {
  const symbols = new Symbols();
  symbols.define("x", 1);
  symbols.define("y", argv.length);
  if (symbols.table.has("x")) symbols.table.delete("x");
  const y = symbols.lookup("y");
  return (y === undefined ? 0 : y) + symbols.table.size;
}
/* ==== annotate
maps.ts:3 class Symbols
  table: Map<char, int>
maps.ts:3 Symbols.constructor() -> void
maps.ts:6 Symbols.define(name: char, value: int) -> void
maps.ts:10 Symbols.lookup(name: char) -> int | undefined
maps.ts:15 main(argv: string[]) -> int
*/
