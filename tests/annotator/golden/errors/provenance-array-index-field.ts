// An array of floats indexed by one of its own items: both notes name where the floats came from.

class Program {
  code: number[] = [];
}

function load(program: Program, text: string): void {
  for (const part of text.split(" ")) program.code.push(parseInt(part));
}

export function main(argv: string[]): number {
  const program = new Program();
  load(program, "1 0 2");
  const names = ["nop", "inc", "dec"];
  console.log(names[program.code[0]!]!);
  return 0;
}
/* ==== error
tests/annotator/golden/errors/provenance-array-index-field.ts:15:15: error: an index must be an integer, got float (an integer or NaN: after a test that isNaN(x) is false, x is an integer)
> 15 |   console.log(names[program.code[0]!]!);
     |               ^
  reached from: main
tests/annotator/golden/errors/provenance-array-index-field.ts:8:39: note: the items of the array made at line 4 are float because one is stored here from parseInt(...), which returns float (it may be NaN)

1 error
*/
