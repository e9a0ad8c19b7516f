// A field given a number and a string: the notes say where each came from.

class Entry {
  value: number | string;
  constructor() {
    this.value = parseInt("1");
  }
}

function label(entry: Entry, text: string): void {
  entry.value = text.trim();
}

export function main(argv: string[]): number {
  const entry = new Entry();
  label(entry, argv.length > 1 ? argv[1]! : "x");
  return 0;
}
/* ==== error
tests/annotator/golden/errors/provenance-union-field.ts:11:9: error: field Entry.value is given values of different types: float and string are different types (the float comes from line 6)
> 11 |   entry.value = text.trim();
     |         ^
  reached from: main (tests/annotator/golden/errors/provenance-union-field.ts:16) -> label
tests/annotator/golden/errors/provenance-union-field.ts:6:5: note: Entry.value is float because it is assigned here from parseInt(...), which returns float (it may be NaN)

1 error
*/
