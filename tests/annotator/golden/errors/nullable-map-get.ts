// Map.get gives undefined for a missing key: using its result without a check.

export function main(argv: string[]): number {
  const lengths = new Map<string, string>();
  for (const arg of argv) lengths.set(arg, arg);
  const found = lengths.get("x");
  // @ts-expect-error: found may be undefined
  return found.length;
}
/* ==== error
tests/annotator/golden/errors/nullable-map-get.ts:8:10: error: reading .length of a value that may be undefined (string | undefined): test it first (x !== undefined), or write x! if it cannot be undefined here
> 8 |   return found.length;
    |          ^
  reached from: main

1 error
*/
