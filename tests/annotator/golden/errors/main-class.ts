// A target whose `main` is a class: main is the function the program starts with.

export class main {
  argv: string[] = [];
}
/* ==== error
tests/annotator/golden/errors/main-class.ts:3:8: error: 'main' is a class; a target exports function main(argv: string[]): number
> 3 | export class main {
    |        ^

1 error
*/
