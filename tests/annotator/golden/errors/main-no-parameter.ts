// A `main` that takes no parameter: main receives the arguments (argv[0] is the target's path).

export function main(): void {
  console.log("hello");
}
/* ==== error
tests/annotator/golden/errors/main-no-parameter.ts:3:8: error: main takes no parameter; a target exports function main(argv: string[]): number
> 3 | export function main(): void {
    |        ^
  reached from: main

1 error
*/
