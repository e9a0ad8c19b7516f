// The advice of the errors about arrows and callbacks, followed: each function here is the fixed
// version of the program of tests/annotator/golden/errors named in its comment.

/** arrow-stored.ts: a module-level function taking what the arrow used (factor) as a parameter. */
function scaled(x: number, factor: number): number {
  return x * factor;
}

function fromStored(argv: string[]): number {
  const factor = argv.length;
  return [1, 2, 3].map((x) => scaled(x, factor)).reduce((a, b) => a + b, 0);
}

/** arrow-returned.ts: the same, for an arrow that was returned. */
function add(x: number, k: number): number {
  return x + k;
}

function fromReturned(argv: string[]): number {
  return [1, 2].map((x) => add(x, argv.length)).reduce((a, b) => a + b, 0);
}

/** arrow-assigns-captured.ts: a for...of loop instead of the callback. */
function fromAssigns(argv: string[]): number {
  let total = 0;
  for (const x of [1, 2, argv.length]) total += x;
  return total;
}

/** arrow-to-own-method.ts: a module-level function, with what it used as an argument. */
function greaterThan(x: number, limit: number): boolean {
  return x > limit;
}

class Bag {
  items: number[] = [1, 2, 3];
  count(test: (x: number, limit: number) => boolean, limit: number): number {
    let n = 0;
    for (const x of this.items) if (test(x, limit)) n++;
    return n;
  }
}

function fromOwnMethod(argv: string[]): number {
  return new Bag().count(greaterThan, argv.length);
}

/** method-value-uses-this.ts: an arrow that calls the method on its object. */
class Scaler {
  factor = 3;
  scale(x: number): number {
    return x * this.factor;
  }
}

const scaler = new Scaler();

function fromMethodValue(argv: string[]): number {
  return [1, 2, argv.length].map((x) => scaler.scale(x)).reduce((a, b) => a + b, 0);
}

/** callback-builtin.ts, filter-not-boolean.ts, sort-numbers-default.ts, sort-comparator-boolean.ts, reduce-always-empty.ts */
function fromCallbacks(argv: string[]): number {
  const numbers = argv.map((x) => Number(x));
  const odd = [1, 2, 3, argv.length].filter((x) => x % 2 !== 0);
  const xs = [10, 9, 1, argv.length];
  xs.sort((a, b) => a - b);
  const ys = [10, 9, 1, argv.length];
  ys.sort((a, b) => (a > b ? 1 : a < b ? -1 : 0));
  const none: number[] = [];
  console.log(numbers.join(" "), odd.join(" "), xs.join(" "), ys.join(" "), none.reduce((a, b) => a + b, 0));
  return odd.length;
}

export function main(argv: string[]): number {
  console.log(fromStored(argv), fromReturned(argv), fromAssigns(argv), fromOwnMethod(argv), fromMethodValue(argv));
  return fromCallbacks(argv);
}
/* ==== annotate
arrow-advice-followed.ts:5 scaled(x: int, factor: int) -> int
arrow-advice-followed.ts:9 fromStored(argv: string[]) -> int
arrow-advice-followed.ts:11 fromStored.arrow@11:24(factor: int, x: int) -> int
arrow-advice-followed.ts:11 fromStored.arrow@11:57(a: int, b: int) -> int
arrow-advice-followed.ts:15 add(x: int, k: int) -> int
arrow-advice-followed.ts:19 fromReturned(argv: string[]) -> int
arrow-advice-followed.ts:20 fromReturned.arrow@20:21(argv: string[], x: int) -> int
arrow-advice-followed.ts:20 fromReturned.arrow@20:56(a: int, b: int) -> int
arrow-advice-followed.ts:24 fromAssigns(argv: string[]) -> int
arrow-advice-followed.ts:31 greaterThan(x: int, limit: int) -> bool
arrow-advice-followed.ts:35 class Bag
  items: int[]
arrow-advice-followed.ts:35 Bag.constructor() -> void
arrow-advice-followed.ts:37 Bag.count(test: function greaterThan, limit: int) -> int
arrow-advice-followed.ts:44 fromOwnMethod(argv: string[]) -> int
arrow-advice-followed.ts:49 class Scaler
  factor: int
arrow-advice-followed.ts:51 Scaler.scale(x: int) -> int
arrow-advice-followed.ts:58 fromMethodValue(argv: string[]) -> int
arrow-advice-followed.ts:59 fromMethodValue.arrow@59:34(x: int) -> int
arrow-advice-followed.ts:59 fromMethodValue.arrow@59:65(a: int, b: int) -> int
arrow-advice-followed.ts:63 fromCallbacks(argv: string[]) -> int
arrow-advice-followed.ts:64 fromCallbacks.arrow@64:28(x: string) -> float
arrow-advice-followed.ts:65 fromCallbacks.arrow@65:45(x: int) -> bool
arrow-advice-followed.ts:67 fromCallbacks.arrow@67:11(a: int, b: int) -> int
arrow-advice-followed.ts:69 fromCallbacks.arrow@69:11(a: int, b: int) -> int
arrow-advice-followed.ts:71 fromCallbacks.arrow@71:89(a: int, b: never) -> never
arrow-advice-followed.ts:75 main(argv: string[]) -> int
*/
