// A float given to String.fromCharCode: the note says the code came from parseInt.

class Escape {
  code = 0;
}

function decode(hex: string): Escape {
  const e = new Escape();
  e.code = parseInt(hex, 16);
  return e;
}

export function main(argv: string[]): number {
  console.log(String.fromCharCode(decode("41").code));
  return 0;
}
/* ==== error
tests/annotator/golden/errors/provenance-fromcharcode.ts:14:22: error: argument 1 of String.fromCharCode() must be an integer, got float (an integer or NaN: after a test that isNaN(x) is false, x is an integer)
> 14 |   console.log(String.fromCharCode(decode("41").code));
     |                      ^
  reached from: main
tests/annotator/golden/errors/provenance-fromcharcode.ts:9:3: note: Escape.code is float because it is assigned here from parseInt(...), which returns float (it may be NaN)

1 error
*/
