// A prebuilt object's int and float fields changed at run time: by a direct store, a method,
// a compound assignment and a store through another prebuilt object that refers to it.

class Counter {
  count = 0;
  scale = 1.5;
  bump(by: number): void {
    this.count += by;
    this.scale *= 2;
  }
}

class Machine {
  counter: Counter;
  constructor(counter: Counter) {
    this.counter = counter;
  }
}

const counter = new Counter();
const machine = new Machine(counter);

export function main(argv: string[]): number {
  console.log(counter.count, counter.scale);
  counter.count = argv.length * 10;
  counter.scale = argv.length / 4;
  console.log(counter.count, counter.scale);
  counter.bump(argv.length);
  console.log(counter.count, counter.scale);
  machine.counter.count++;
  machine.counter.scale -= 0.25;
  console.log(counter.count, counter.scale, counter.count > 10, counter.scale === 1.5);
  let steps = 0;
  while (counter.count > 0) {
    counter.count -= 4;
    steps++;
  }
  console.log(steps, counter.count);
  return steps;
}
/* ==== annotate
prebuilt-mutation-numbers.ts:4 class Counter
  count: int
  scale: float
prebuilt-mutation-numbers.ts:7 Counter.bump(by: int) -> void
prebuilt-mutation-numbers.ts:13 class Machine
  counter: Counter
prebuilt-mutation-numbers.ts:23 main(argv: string[]) -> int
*/
