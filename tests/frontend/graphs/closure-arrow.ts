export function f(xs: number[]): number[] {
  const inc = (x: number) => x + 1;
  return xs.map(inc);
}
/* ==== error
tests/frontend/graphs/closure-arrow.ts:2:15: error: an arrow function used as a value (stored, returned or passed to a function) is a closure, which RTS does not have; declare a module-level function instead and call or pass that (an arrow is RTS only written directly as the callback of an array method: map, filter, forEach, some, every, find, findIndex, reduce and sort)
*/
