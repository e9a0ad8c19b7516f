// A field declared with `!` and set by a method, not the constructor: a read annotated before
// the method that sets it waits for it (the error it would be is dropped once the field is set).

class Gauge {
  level!: number;
  name = "g";
  read(): number {
    return this.level + 1;
  }
  init(): void {
    this.level = 3;
  }
}

export function main(argv: string[]): number {
  const g = new Gauge();
  const before = argv.length > 5 ? g.read() : 0;
  g.init();
  return before + g.read();
}
/* ==== annotate
late-field.ts:4 class Gauge
  level: int
  name: char
late-field.ts:4 Gauge.constructor() -> void
late-field.ts:7 Gauge.read() -> int
late-field.ts:10 Gauge.init() -> void
late-field.ts:15 main(argv: string[]) -> int
*/
