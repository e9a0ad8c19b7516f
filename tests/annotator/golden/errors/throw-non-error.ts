// Only Error objects can be thrown.

function check(n: number): number {
  if (n < 0) throw "negative";
  return n;
}

export function main(argv: string[]): number {
  return check(argv.length - 1);
}
/* ==== error
tests/annotator/golden/errors/throw-non-error.ts:4:20: error: only instances of Error and its subclasses can be thrown in RTS, got string
> 4 |   if (n < 0) throw "negative";
    |                    ^
  reached from: main (tests/annotator/golden/errors/throw-non-error.ts:9) -> check

1 error
*/
