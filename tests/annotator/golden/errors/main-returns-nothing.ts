// A `main` that returns nothing: what main returns is the exit status, an integer (`rts run`
// refuses undefined too).

export function main(argv: string[]): void {
  console.log(argv.length);
}
/* ==== error
tests/annotator/golden/errors/main-returns-nothing.ts:4:8: error: main returns undefined; it must return the exit status (an integer): a target exports function main(argv: string[]): number
> 4 | export function main(argv: string[]): void {
    |        ^
  reached from: main

1 error
*/
