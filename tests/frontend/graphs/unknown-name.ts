export function f(): number {
  return missingValue + 1;
}
/* ==== error
tests/frontend/graphs/unknown-name.ts:2:10: error: unknown name 'missingValue'
*/
