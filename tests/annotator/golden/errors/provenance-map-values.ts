// A Map's values are floats because of one set: the note names it.

export function main(argv: string[]): number {
  const widths = new Map<string, number>();
  widths.set("name", 10);
  widths.set("value", parseFloat(argv.length > 1 ? argv[1]! : "8"));
  const width = widths.get("name")!;
  console.log("-".repeat(width));
  return 0;
}
/* ==== error
tests/annotator/golden/errors/provenance-map-values.ts:8:19: error: argument 1 of repeat() must be an integer, got float (after a test that Number.isInteger(x) is true, x is an integer)
> 8 |   console.log("-".repeat(width));
    |                   ^
  reached from: main
tests/annotator/golden/errors/provenance-map-values.ts:6:3: note: the values of the Map made at line 4 are float because one is set here from parseFloat(...), which returns float (it may be NaN)

1 error
*/
