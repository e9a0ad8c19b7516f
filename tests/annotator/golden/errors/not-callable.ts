// Calling something that is not a function.

class Counter {
  count = 0;
}

export function main(argv: string[]): number {
  const counter = new Counter();
  // @ts-expect-error: count is a number
  return counter.count(argv.length);
}
/* ==== error
tests/annotator/golden/errors/not-callable.ts:10:18: error: Counter.count is a field holding int, not a method: it cannot be called
> 10 |   return counter.count(argv.length);
     |                  ^
  reached from: main

1 error
*/
