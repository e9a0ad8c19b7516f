// Calling a method on a value that may be null.

class Parser {
  parse(): number {
    return 1;
  }
}

function find(flag: boolean): Parser | null {
  return flag ? new Parser() : null;
}

export function main(argv: string[]): number {
  const parser = find(argv.length > 1);
  // @ts-expect-error: parser may be null
  return parser.parse();
}
/* ==== error
tests/annotator/golden/errors/nullable-method-call.ts:16:10: error: calling parse() on a value that may be null (Parser | null): test it first (x !== null), or write x! if it cannot be null here
> 16 |   return parser.parse();
     |          ^
  reached from: main

1 error
*/
