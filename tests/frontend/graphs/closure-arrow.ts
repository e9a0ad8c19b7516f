export function f(xs: number[]): number[] {
  return xs.map((x) => x + 1);
}
/* ==== error
tests/frontend/graphs/closure-arrow.ts:2:17: error: an arrow function created at run time is a closure, which RTS does not have; use a module-level function or a method (and pass what it needs as arguments)
*/
