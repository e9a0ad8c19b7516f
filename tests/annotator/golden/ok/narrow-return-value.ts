// A function that returns its number only after the isNaN test returns an int; callers index with it.

class SyntaxProblem extends Error {}

function expectNumber(text: string): number {
  const n = parseInt(text, 10);
  if (isNaN(n)) throw new SyntaxProblem(`expected a number, got '${text}'`);
  return n;
}

export function main(argv: string[]): number {
  const registers = new Float64Array(4);
  const program = ["r1", "2", "r3", argv.length > 2 ? argv[2]! : "1"];
  try {
    for (let i = 0; i < program.length; i += 2) {
      const register = expectNumber(program[i]!.slice(1));
      registers[register] = expectNumber(program[i + 1]!) * 0.5;
    }
  } catch (e) {
    if (e instanceof SyntaxProblem) console.log(e.message);
  }
  console.log(registers[1], registers[3]);
  return 0;
}
/* ==== annotate
narrow-return-value.ts:3 class SyntaxProblem extends Error
narrow-return-value.ts:3 SyntaxProblem.constructor(message: string) -> void
narrow-return-value.ts:5 expectNumber(text: string) -> int
narrow-return-value.ts:11 main(argv: string[]) -> int
*/
