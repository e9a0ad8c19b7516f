// A driver's getPrintableLocation is annotated as the JIT's logs will call it: with the greens
// of the merge point, in the driver's order.

import { JitDriver } from "rts";

class Code {
  readonly text: string;

  constructor(text: string) {
    this.text = text;
  }
}

function location(pc: number, code: Code): string {
  return `${pc}: ${code.text[pc] ?? "end"}`;
}

const driver = new JitDriver({ greens: ["pc", "code"], reds: ["acc"], name: "loc", getPrintableLocation: location });

function run(code: Code): number {
  let pc = 0;
  let acc = 0;
  while (pc < code.text.length) {
    driver.jitMergePoint({ acc, code, pc });
    acc += code.text.charCodeAt(pc);
    pc++;
  }
  return acc;
}

export function main(argv: string[]): number {
  return run(new Code(argv[0] ?? "abc"));
}
/* ==== annotate
jit-printable-location.ts:6 class Code
  text: string
jit-printable-location.ts:9 Code.constructor(text: string) -> void
jit-printable-location.ts:14 location(pc: int, code: Code) -> string
jit-printable-location.ts:20 run(code: Code) -> int
jit-printable-location.ts:31 main(argv: string[]) -> int
*/
