// Independent errors in different functions are all reported, each with its own chain.

class Box {
  size = 0;
}

function grow(box: Box): number {
  // @ts-expect-error: Box has no weight
  return box.size + box.weight;
}

function label(n: number): string {
  return "n=" + n.toFixed(2);
}

function shout(text: string): string {
  // @ts-expect-error: strings have no shout
  return text.shout();
}

function pick(flag: boolean): number | string {
  return flag ? 1 : "one";
}

export function main(argv: string[]): number {
  const box = new Box();
  console.log(label(grow(box)), shout("hi"), pick(argv.length > 1));
  const totals = new Map<string, number>();
  totals.set("boxes", 1);
  const total = totals.get("x");
  // @ts-expect-error: total may be undefined
  return total * 2;
}
/* ==== error
tests/annotator/golden/errors/multiple-errors.ts:9:25: error: Box has no field 'weight': no code of the program sets it
> 9 |   return box.size + box.weight;
    |                         ^
  reached from: main (tests/annotator/golden/errors/multiple-errors.ts:27) -> grow

tests/annotator/golden/errors/multiple-errors.ts:18:15: error: string has no method shout() in RTS
> 18 |   return text.shout();
     |               ^
  reached from: main (tests/annotator/golden/errors/multiple-errors.ts:27) -> shout

tests/annotator/golden/errors/multiple-errors.ts:22:17: error: pick returns values of different types: string and int are different types
> 22 |   return flag ? 1 : "one";
     |                 ^
  reached from: main (tests/annotator/golden/errors/multiple-errors.ts:27) -> pick

tests/annotator/golden/errors/multiple-errors.ts:32:10: error: * on a value that may be undefined (int | undefined): test it first (x !== undefined), or write x! if it cannot be undefined here
> 32 |   return total * 2;
     |          ^
  reached from: main

4 errors
*/
