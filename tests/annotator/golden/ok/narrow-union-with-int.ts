// An int variable that may also be given parseInt's result is an integer or NaN; tested, an int.

function pick(argv: string[]): number {
  let choice = 1;
  if (argv.length > 1) choice = parseInt(argv[1]!);
  if (isNaN(choice)) choice = 2;
  return choice;
}

export function main(argv: string[]): number {
  const flavours = ["vanilla", "chocolate", "mint", "lemon", "cherry", "peach", "plum", "kiwi"];
  const choice = pick(argv);
  console.log(flavours[choice % flavours.length]!, pick(["x", "?"]), pick(["x"]));
  return choice;
}
/* ==== annotate
narrow-union-with-int.ts:3 pick(argv: string[]) -> int
narrow-union-with-int.ts:10 main(argv: string[]) -> int
*/
