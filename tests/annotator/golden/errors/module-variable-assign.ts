// A module-level variable assigned at run time: after import time module bindings are
// constants; state that changes lives in objects.

let counter = 0;

export function main(argv: string[]): number {
  counter = argv.length;
  return counter;
}
/* ==== error
tests/annotator/golden/errors/module-variable-assign.ts:7:3: error: 'counter' is a module-level variable: after import time it is a constant; keep state that changes in an object's field
> 7 |   counter = argv.length;
    |   ^
  reached from: main

1 error
*/
