// An array that receives ints and strings: the items of an array have one type.

export function main(argv: string[]): number {
  const items: (number | string)[] = [1, 2];
  for (const arg of argv) items.push(arg);
  return items.length;
}
/* ==== error
tests/annotator/golden/errors/union-array-item.ts:5:33: error: this array holds int (it was made at line 4); cannot push string: int and string are different types
> 5 |   for (const arg of argv) items.push(arg);
    |                                 ^
  reached from: main

1 error
*/
