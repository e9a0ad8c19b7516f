// A function declared inside a function is a closure.

export function main(argv: string[]): number {
  function count(): number {
    return argv.length;
  }
  return count();
}
/* ==== error
tests/annotator/golden/errors/closure-function.ts:4:3: error: a function declared inside a function is a closure, which RTS does not have; declare it at module level
> 4 |   function count(): number {
    |   ^
  reached from: main

1 error
*/
