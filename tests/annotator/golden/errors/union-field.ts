// A field given an int by the constructor and a string by a method.

class Cell {
  content: number | string;
  constructor() {
    this.content = 0;
  }
  label(): void {
    this.content = "label";
  }
}

export function main(argv: string[]): number {
  const cell = new Cell();
  if (argv.length > 1) cell.label();
  return 0;
}
/* ==== error
tests/annotator/golden/errors/union-field.ts:9:10: error: field Cell.content is given values of different types: int and string are different types (the int comes from line 6)
> 9 |     this.content = "label";
    |          ^
  reached from: main (tests/annotator/golden/errors/union-field.ts:15) -> Cell.label
tests/annotator/golden/errors/union-field.ts:6:5: note: Cell.content is int because it is assigned here from 0

1 error
*/
