export function f(): number {
  function inner(): number {
    return 1;
  }
  return inner();
}
/* ==== error
tests/frontend/graphs/closure-function.ts:2:3: error: a function declared inside a function is a closure, which RTS does not have; declare it at module level
*/
