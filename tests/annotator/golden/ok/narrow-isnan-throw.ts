// `if (isNaN(n)) throw`: after the test, parseInt's result is an int, good for an index.

const DAYS = ["sun", "mon", "tue", "wed", "thu", "fri", "sat"];

class BadNumber extends Error {}

function day(text: string): string {
  const n = parseInt(text, 10);
  if (isNaN(n)) throw new BadNumber(`not a number: ${text}`);
  return DAYS[n % 7]!;
}

export function main(argv: string[]): number {
  for (const text of ["3", "12", argv.length > 2 ? argv[2]! : "5"]) {
    try {
      console.log(day(text));
    } catch (e) {
      if (e instanceof BadNumber) console.log(e.message);
    }
  }
  return 0;
}
/* ==== annotate
narrow-isnan-throw.ts:5 class BadNumber extends Error
narrow-isnan-throw.ts:5 BadNumber.constructor(message: string) -> void
narrow-isnan-throw.ts:7 day(text: string) -> string
narrow-isnan-throw.ts:13 main(argv: string[]) -> int
*/
