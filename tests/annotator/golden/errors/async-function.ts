// async functions are not RTS.

async function load(): Promise<number> {
  return 1;
}

export function main(argv: string[]): number {
  void load();
  return argv.length;
}
/* ==== error
tests/annotator/golden/errors/async-function.ts:3:1: error: async functions are not RTS
> 3 | async function load(): Promise<number> {
    | ^
  reached from: main (tests/annotator/golden/errors/async-function.ts:8) -> load

1 error
*/
