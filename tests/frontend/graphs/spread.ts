export function f(xs: number[]): number {
  return Math.max(...xs);
}
/* ==== error
tests/frontend/graphs/spread.ts:2:19: error: spread (`...`) is not RTS; pass the arguments or items one by one
*/
