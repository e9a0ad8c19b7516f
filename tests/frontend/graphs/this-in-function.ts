export function f(): unknown {
  return this;
}
/* ==== error
tests/frontend/graphs/this-in-function.ts:2:10: error: `this` outside a method
*/
