// A quotient is a float: using it as an index says where it was computed.

class Layout {
  middle: number;
  constructor(width: number) {
    this.middle = width / 2;
  }
}

export function main(argv: string[]): number {
  const layout = new Layout(argv.length * 4);
  const ruler = "0123456789";
  console.log(ruler[layout.middle]!);
  return 0;
}
/* ==== error
tests/annotator/golden/errors/provenance-division.ts:13:15: error: an index must be an integer, got float (after a test that Number.isInteger(x) is true, x is an integer)
> 13 |   console.log(ruler[layout.middle]!);
     |               ^
  reached from: main
tests/annotator/golden/errors/provenance-division.ts:6:5: note: Layout.middle is float because it is assigned here from a quotient

1 error
*/
