export function f(...xs: number[]): number {
  return xs.length;
}
/* ==== error
tests/frontend/graphs/rest-param.ts:1:19: error: rest parameters (...args) are not RTS; pass the values one by one
*/
