class A {
  x?: number;
}

export function f(a: A): void {
  delete a.x;
}
/* ==== error
tests/frontend/graphs/delete.ts:6:3: error: `delete` is not RTS; use a Map for keys that come and go
*/
