// A class with fields set in its constructor and methods that read and update them.

class Counter {
  name: string;
  count: number;

  constructor(name: string) {
    this.name = name;
    this.count = 0;
  }

  increment(by: number): number {
    this.count += by;
    return this.count;
  }

  report(): string {
    return `${this.name}=${this.count}`;
  }
}

export function main(argv: string[]): number {
  const counter = new Counter("args");
  for (let i = 0; i < argv.length; i++) counter.increment(1);
  console.log(counter.report());
  return counter.count;
}
/* ==== annotate
classes.ts:3 class Counter
  count: int
  name: string
classes.ts:7 Counter.constructor(name: string) -> void
classes.ts:12 Counter.increment(by: int) -> int
classes.ts:17 Counter.report() -> string
classes.ts:22 main(argv: string[]) -> int
*/
