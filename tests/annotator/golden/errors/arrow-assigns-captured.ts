// An arrow written at the call gets the values of the variables it uses; assigning one would not
// be seen outside, so it is refused: a for...of loop does it (ok/arrow-advice-followed.ts).

export function main(argv: string[]): number {
  let total = 0;
  [1, 2, argv.length].forEach((x) => {
    total += x;
  });
  return total;
}
/* ==== error
tests/annotator/golden/errors/arrow-assigns-captured.ts:7:5: error: this arrow assigns 'total', a variable of the function around it: RTS gives an arrow written at a call the values of the variables it uses, so the assignment would not be seen outside; write a for...of loop instead of the callback
> 7 |     total += x;
    |     ^
  reached from: main (tests/annotator/golden/errors/arrow-assigns-captured.ts:6) -> main.arrow@6:31

1 error
*/
