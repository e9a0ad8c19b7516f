// promote() returns its argument with its type; a function marked elidable (or unrollSafe, or
// dontLookInside) at import time is an ordinary function to the annotator.

import { dontLookInside, elidable, promote, unrollSafe, weAreJitted } from "rts";

class Shape {
  size: number;
  constructor(size: number) {
    this.size = size;
  }
}

const lookupSize = elidable(function lookupSize(shape: Shape): number {
  return shape.size;
});

const sumTo = unrollSafe(function sumTo(n: number): number {
  let s = 0;
  for (let i = 0; i < n; i++) s += i;
  return s;
});

const slowPath = dontLookInside(function slowPath(x: number): number {
  return x * 3;
});

export function main(argv: string[]): number {
  const shape = promote(new Shape(argv.length));
  const n = weAreJitted() ? 0 : lookupSize(shape);
  return sumTo(n) + slowPath(n);
}
/* ==== annotate
jit-hints.ts:6 class Shape
  size: int
jit-hints.ts:8 Shape.constructor(size: int) -> void
jit-hints.ts:13 lookupSize(shape: Shape) -> int
jit-hints.ts:17 sumTo(n: int) -> int
jit-hints.ts:23 slowPath(x: int) -> int
jit-hints.ts:27 main(argv: string[]) -> int
*/
