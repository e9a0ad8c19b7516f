// A graph of objects built at import time may have cycles: states of a machine that point at
// each other (and at themselves).

class State {
  name: string;
  next: State | null = null;
  accepting: boolean;
  constructor(name: string, accepting: boolean) {
    this.name = name;
    this.accepting = accepting;
  }
}

const START = new State("start", false);
const MIDDLE = new State("middle", false);
const END = new State("end", true);
START.next = MIDDLE;
MIDDLE.next = END;
END.next = START;

function run(steps: number): State {
  let state = START;
  for (let i = 0; i < steps; i++) state = state.next ?? state;
  return state;
}

export function main(argv: string[]): number {
  const state = run(argv.length);
  console.log(state.name);
  return state.accepting ? 0 : 1;
}
/* ==== annotate
prebuilt-cycle.ts:4 class State
  accepting: bool
  name: string
  next: State
prebuilt-cycle.ts:21 run(steps: int) -> State
prebuilt-cycle.ts:27 main(argv: string[]) -> int
*/
