export function f(o: Record<string, number>): number {
  let n = 0;
  for (const k in o) n++;
  return n;
}
/* ==== error
tests/frontend/graphs/for-in.ts:3:3: error: for...in is not RTS; iterate over an array or a Map with for...of
*/
