// A function's JIT hints (elidable, unrollSafe, dontLookInside) reach its LL graph, after the
// result type: `jit[...]`, in the order they were applied.

import { dontLookInside, elidable } from "rts";

const example = dontLookInside(elidable(function example(n: number): number {
  return n * 3 + 1;
}));

export function main(argv: string[]): number {
  return example(argv.length);
}
/* ==== lltype
graph example(n_0: Signed) -> Signed jit[elidable, dontLookInside]
block0(n_0: Signed):
  v_1: Signed = int_mul_ovf(n_0, 3)  @7:10
  v_2: Signed = int_add_ovf(v_1, 1)  @7:10
  return v_2
*/
