// A function returning a number on one path and a string on another; the number came from a field.

class Slot {
  count = parseInt("4");
}

function describeSlot(slot: Slot, verbose: boolean): number | string {
  if (verbose) return `slot of ${slot.count}`;
  return slot.count;
}

export function main(argv: string[]): number {
  console.log(describeSlot(new Slot(), argv.length > 1));
  return 0;
}
/* ==== error
tests/annotator/golden/errors/provenance-union-return.ts:8:23: error: describeSlot returns values of different types: float and string are different types (the float comes from line 9)
> 8 |   if (verbose) return `slot of ${slot.count}`;
    |                       ^
  reached from: main (tests/annotator/golden/errors/provenance-union-return.ts:13) -> describeSlot
tests/annotator/golden/errors/provenance-union-return.ts:4:3: note: Slot.count is float because it is assigned here from parseInt(...), which returns float (it may be NaN)

1 error
*/
