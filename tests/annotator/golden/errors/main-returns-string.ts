// A `main` that returns a string: what main returns is the exit status, an integer.

export function main(argv: string[]): string {
  return argv.length > 1 ? argv[1]! : "none";
}
/* ==== error
tests/annotator/golden/errors/main-returns-string.ts:3:8: error: main returns string; it must return the exit status (an integer): a target exports function main(argv: string[]): number
> 3 | export function main(argv: string[]): string {
    |        ^
  reached from: main

1 error
*/
