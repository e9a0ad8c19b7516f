// A field holding a function: each instance carries its operation, called through the field.

function greater(a: number, b: number): boolean {
  return a > b;
}

function less(a: number, b: number): boolean {
  return a < b;
}

class Comparison {
  name: string;
  test: (a: number, b: number) => boolean;
  constructor(name: string, test: (a: number, b: number) => boolean) {
    this.name = name;
    this.test = test;
  }
}

export function main(argv: string[]): number {
  const comparisons = [new Comparison(">", greater), new Comparison("<", less)];
  let count = 0;
  for (const c of comparisons) if (c.test(argv.length, 2)) count++;
  return count;
}
/* ==== annotate
function-fields.ts:3 greater(a: int, b: int) -> bool
function-fields.ts:7 less(a: int, b: int) -> bool
function-fields.ts:11 class Comparison
  name: char
  test: function greater | function less
function-fields.ts:14 Comparison.constructor(name: char, test: function greater | function less) -> void
function-fields.ts:20 main(argv: string[]) -> int
*/
