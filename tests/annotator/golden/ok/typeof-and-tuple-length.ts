// typeof answers from the static type (a constant of the program), and a tuple's .length is
// part of its type: both translate.

class Box { v = 1; }
function id(n: number): number { return n; }
export function main(argv: string[]): number {
  const x = argv.length;
  const b: Box | null = argv.length > 5 ? null : new Box();
  console.log(typeof x, typeof (x / 3), typeof argv[0], typeof "ab", typeof true, typeof argv, typeof b, typeof id, typeof new Map<string, number>());
  if (typeof x === "number") console.log("number!");
  const t: [number, string] = [argv.length, "a"];
  console.log(t.length, [1, "x", true].length);
  return 0;
}
/* ==== annotate
typeof-and-tuple-length.ts:4 class Box
  v: int
typeof-and-tuple-length.ts:4 Box.constructor() -> void
typeof-and-tuple-length.ts:6 main(argv: string[]) -> int
*/
