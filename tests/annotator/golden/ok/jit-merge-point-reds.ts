// A value computed from the greens after jitMergePoint need not be declared, and canEnterJit
// does not restrict liveness (only the merge point starts and closes traces).

import { JitDriver } from "rts";

class Program {
  readonly code: string;

  constructor(code: string) {
    this.code = code;
  }
}

const driver = new JitDriver({ greens: ["pc", "program"], reds: ["acc", "machine"], name: "sum" });

class Machine {
  steps = 0;

  run(program: Program): number {
    let pc = 0;
    let acc = 0;
    const machine = this;
    while (pc < program.code.length) {
      driver.jitMergePoint({ acc, machine, pc, program });
      const c = program.code.charCodeAt(pc);
      acc += c;
      machine.steps++;
      pc++;
      if (c === 33) driver.canEnterJit({ pc, program, acc, machine });
    }
    return acc + machine.steps;
  }
}

export function main(argv: string[]): number {
  return new Machine().run(new Program(argv[0] ?? "a!b"));
}
/* ==== annotate
jit-merge-point-reds.ts:6 class Program
  code: string
jit-merge-point-reds.ts:9 Program.constructor(code: string) -> void
jit-merge-point-reds.ts:16 class Machine
  steps: int
jit-merge-point-reds.ts:16 Machine.constructor() -> void
jit-merge-point-reds.ts:19 Machine.run(program: Program) -> int
jit-merge-point-reds.ts:35 main(argv: string[]) -> int
*/
