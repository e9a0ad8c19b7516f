export function f(): number {
  class Local {}
  return 1;
}
/* ==== error
tests/frontend/graphs/nested-class.ts:2:3: error: a class declared inside a function is not RTS; declare it at module level
*/
