// A float used to index a typed array, coming from a Map value read.

export function main(argv: string[]): number {
  const registers = new Int32Array(8);
  const index = new Map<string, number>();
  index.set("r1", Number("1"));
  const at = index.get("r1")!;
  registers[at] = 5;
  return registers[1]!;
}
/* ==== error
tests/annotator/golden/errors/provenance-typed-array.ts:8:3: error: an index must be an integer, got float (after a test that Number.isInteger(x) is true, x is an integer)
> 8 |   registers[at] = 5;
    |   ^
  reached from: main
tests/annotator/golden/errors/provenance-typed-array.ts:6:3: note: the values of the Map made at line 5 are float because one is set here from Number(...), which returns float (it may be NaN or have a fraction)

1 error
*/
