export function f(): number {
  const point = { x: 1, y: 2 };
  return point.x;
}
/* ==== error
tests/frontend/graphs/object-literal.ts:2:17: error: object literals are not RTS; declare a class with these fields and use `new`
*/
