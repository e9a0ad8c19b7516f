export function f(): number {
  block: {
    for (let i = 0; i < 3; i++) {
      continue block;
    }
  }
  return 0;
}
/* ==== error
tests/frontend/graphs/continue-label.ts:4:7: error: unsyntactic continue
*/
