class A {
  x = 1;
}

export function f(a: A): boolean {
  return "x" in a;
}
/* ==== error
tests/frontend/graphs/in-operator.ts:6:10: error: the `in` operator is not RTS; use Map.has or Set.has
*/
