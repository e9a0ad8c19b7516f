// An attribute that strings do not have (arrays have .length, Maps have .size).

export function main(argv: string[]): number {
  const name = argv[0] ?? "";
  // @ts-expect-error: strings have no size
  return name.size;
}
/* ==== error
tests/annotator/golden/errors/unknown-builtin-attribute.ts:6:15: error: string has no attribute 'size' in RTS; a string's length is .length
> 6 |   return name.size;
    |               ^
  reached from: main

1 error
*/
