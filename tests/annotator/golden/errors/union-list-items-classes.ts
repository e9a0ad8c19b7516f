// An array of instances of two unrelated classes.

class Apple {
  weight = 1;
}

class Pear {
  weight = 2;
}

export function main(argv: string[]): number {
  const basket: (Apple | Pear)[] = [new Apple()];
  if (argv.length > 0) basket.push(new Pear());
  return basket.length;
}
/* ==== error
tests/annotator/golden/errors/union-list-items-classes.ts:13:31: error: this array holds Apple (it was made at line 12); cannot push Pear: Apple and Pear have no common base class; a value that may be either needs a base class they both extend (declaring the methods called on it)
> 13 |   if (argv.length > 0) basket.push(new Pear());
     |                               ^
  reached from: main

1 error
*/
