// typeof of a value that may be undefined: its answer would depend on the run, which RTS does
// not keep; compare with undefined instead.

export function main(argv: string[]): number {
  const m = new Map<string, number>();
  m.set("b", 2);
  const v = m.get(argv[0]!);
  console.log(typeof v);
  return 0;
}
/* ==== error
tests/annotator/golden/errors/typeof-nullable.ts:8:15: error: typeof of int | undefined is not supported in RTS (its answer would depend on the run); compare with undefined or null, or use instanceof
> 8 |   console.log(typeof v);
    |               ^
  reached from: main

1 error
*/
