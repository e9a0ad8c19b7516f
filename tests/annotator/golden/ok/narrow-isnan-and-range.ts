// `!isNaN(n) && n >= 0 && n < xs.length`: the range tests see an int.

const OPCODES = ["nop", "push", "pop", "add", "jump"];

function opcodeName(text: string): string {
  const n = parseInt(text);
  if (!isNaN(n) && n >= 0 && n < OPCODES.length) return OPCODES[n]!;
  return "invalid";
}

export function main(argv: string[]): number {
  for (const text of ["0", "3", "9", "-1", argv.length > 1 ? argv[1]! : "4", argv.length > 2 ? argv[2]! : "2"]) console.log(text, opcodeName(text));
  return 0;
}
/* ==== annotate
narrow-isnan-and-range.ts:5 opcodeName(text: string) -> string
narrow-isnan-and-range.ts:11 main(argv: string[]) -> int
*/
