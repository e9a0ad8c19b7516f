let counter = 0;

export function f(): number {
  counter = counter + 1;
  return counter;
}
/* ==== error
tests/frontend/graphs/module-assign.ts:4:3: error: 'counter' is a module-level variable: after import time it is a constant; keep state that changes in an object's field
*/
