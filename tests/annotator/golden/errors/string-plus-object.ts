// Joining a string with an object: RTS does not convert objects to strings.

class Point {
  x = 1;
  y = 2;
}

export function main(argv: string[]): number {
  const p = new Point();
  console.log("point: " + p);
  return argv.length;
}
/* ==== error
tests/annotator/golden/errors/string-plus-object.ts:10:15: error: + joins a string with Point, which RTS does not turn into a string; join the fields you want to show
> 10 |   console.log("point: " + p);
     |               ^
  reached from: main

1 error
*/
