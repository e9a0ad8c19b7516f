// A function of the JavaScript runtime that RTS does not have.

function tick(): void {
  console.log("tick");
}

export function main(argv: string[]): number {
  setTimeout(tick, argv.length);
  return 0;
}
/* ==== error
tests/annotator/golden/errors/unsupported-global.ts:8:3: error: setTimeout is not supported in RTS; RTS programs are synchronous: call the function directly
> 8 |   setTimeout(tick, argv.length);
    |   ^
  reached from: main

1 error
*/
