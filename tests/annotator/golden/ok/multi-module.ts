// Functions, classes and prebuilt objects imported from another module of the program.

import { ORIGIN, Vector, lengthSquared } from "./lib/geometry.ts";

export function main(argv: string[]): number {
  let position = ORIGIN;
  for (let i = 0; i < argv.length; i++) position = position.plus(new Vector(i, 1));
  return lengthSquared(position);
}
/* ==== annotate
lib/geometry.ts:4 class Vector
  x: int
  y: int
lib/geometry.ts:7 Vector.constructor(x: int, y: int) -> void
lib/geometry.ts:11 Vector.plus(other: Vector) -> Vector
lib/geometry.ts:18 lengthSquared(v: Vector) -> int
multi-module.ts:5 main(argv: string[]) -> int
*/
