// `a instanceof A && b instanceof A && a.x === b.x` as a value (returned, not branched on): each
// instanceof narrows its variable for the operands after it, so `.value` is read on IntBox, whose
// value is an int, not on the base (where FloatBox's float would make it a float).

class Box {
  kind = 0;
}

class IntBox extends Box {
  value: number;
  constructor(value: number) {
    super();
    this.value = value;
  }
}

class FloatBox extends Box {
  value: number;
  constructor(value: number) {
    super();
    this.value = value;
  }
}

function sameInts(a: Box, b: Box): boolean {
  return a === b || (a instanceof IntBox && b instanceof IntBox && a.value === b.value);
}

function eitherInt(a: Box, b: Box): boolean {
  return !(a instanceof IntBox) || (b instanceof IntBox && a.value + b.value > 2);
}

export function main(argv: string[]): number {
  const x: Box = argv.length > 5 ? new FloatBox(0.5) : new IntBox(1);
  const y: Box = new IntBox(argv.length + 1);
  const f = new FloatBox(1.5);
  console.log(sameInts(x, y), sameInts(x, x), eitherInt(x, y), eitherInt(f, x), f.value);
  const picks = [10, 20, 30];
  // an int: an index
  return picks[(y as IntBox).value % 3] ?? 0;
}
/* ==== annotate
instanceof-and-chain.ts:5 class Box
  kind: int
instanceof-and-chain.ts:5 Box.constructor() -> void
instanceof-and-chain.ts:9 class IntBox extends Box
  value: int
instanceof-and-chain.ts:11 IntBox.constructor(value: int) -> void
instanceof-and-chain.ts:17 class FloatBox extends Box
  value: float
instanceof-and-chain.ts:19 FloatBox.constructor(value: float) -> void
instanceof-and-chain.ts:25 sameInts(a: Box, b: Box) -> bool
instanceof-and-chain.ts:29 eitherInt(a: Box, b: Box) -> bool
instanceof-and-chain.ts:33 main(argv: string[]) -> int
*/
