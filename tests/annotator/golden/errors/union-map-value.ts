// A Map given int values and boolean values.

export function main(argv: string[]): number {
  const options = new Map<string, number | boolean>();
  options.set("level", 3);
  options.set("verbose", argv.length > 1);
  return options.size;
}
/* ==== error
tests/annotator/golden/errors/union-map-value.ts:6:11: error: the values of this Map are int (it was made at line 4); cannot set bool: int and bool are different types
> 6 |   options.set("verbose", argv.length > 1);
    |           ^
  reached from: main

1 error
*/
