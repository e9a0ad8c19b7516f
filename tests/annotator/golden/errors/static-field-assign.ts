// A static field changed at run time: static members are computed at import time and are
// constants afterwards.

class Registry {
  static count = 0;
}

export function main(argv: string[]): number {
  Registry.count = argv.length;
  return Registry.count;
}
/* ==== error
tests/annotator/golden/errors/static-field-assign.ts:9:12: error: cannot set Registry.count: static fields are constants after import time; keep state that changes in a field of an object
> 9 |   Registry.count = argv.length;
    |            ^
  reached from: main

1 error
*/
