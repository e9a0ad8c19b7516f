// An arrow function created at run time is a closure.

function applyTwice(f: (x: number) => number, x: number): number {
  return f(f(x));
}

export function main(argv: string[]): number {
  const offset = argv.length;
  return applyTwice((x) => x + offset, 1);
}
/* ==== error
tests/annotator/golden/errors/closure-arrow.ts:9:21: error: an arrow function created at run time is a closure, which RTS does not have; use a module-level function or a method (and pass what it needs as arguments)
> 9 |   return applyTwice((x) => x + offset, 1);
    |                     ^
  reached from: main

1 error
*/
