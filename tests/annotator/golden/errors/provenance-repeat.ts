// A float count given to repeat(): the note says the field holds Number()'s result.

class Options {
  indent = 2;
}

export function main(argv: string[]): number {
  const options = new Options();
  if (argv.length > 1) options.indent = Number(argv[1]!);
  console.log(" ".repeat(options.indent) + "x");
  return 0;
}
/* ==== error
tests/annotator/golden/errors/provenance-repeat.ts:10:19: error: argument 1 of repeat() must be an integer, got float (after a test that Number.isInteger(x) is true, x is an integer)
> 10 |   console.log(" ".repeat(options.indent) + "x");
     |                   ^
  reached from: main
tests/annotator/golden/errors/provenance-repeat.ts:9:24: note: Options.indent is float because it is assigned here from Number(...), which returns float (it may be NaN or have a fraction)

1 error
*/
