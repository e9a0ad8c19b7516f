// A prebuilt object's boolean fields changed at run time (issue 20: --opt 2 folded a read of
// a Bool field of a prebuilt object to its import-time value). Every way of writing: a direct
// store, a method, a store through another prebuilt object that refers to it; each read in a
// print, a condition and a loop condition.

class Flags {
  verbose = false;
  count = 0;
}

class State {
  done = false;
  finish(): void {
    this.done = true;
  }
  isDone(): boolean {
    return this.done;
  }
}

class Settings {
  flags: Flags;
  state: State;
  constructor(flags: Flags, state: State) {
    this.flags = flags;
    this.state = state;
  }
}

const flags = new Flags();
const state = new State();
const settings = new Settings(flags, state);
const quiet = new Flags();

export function main(argv: string[]): number {
  if (argv.length > 1) {
    flags.verbose = true;
    flags.count = 1;
  }
  console.log(flags.verbose, flags.count);
  if (flags.verbose) console.log("verbose on");

  state.finish();
  console.log(state.isDone());
  let n = 0;
  while (!state.done && n < 5) n++;
  console.log("loop ran", n);

  settings.flags.verbose = !settings.flags.verbose;
  console.log(flags.verbose, settings.flags.verbose);
  settings.state.done = argv.length > 5;
  console.log(state.done, state.isDone());
  if (!state.done) console.log("not done again");

  quiet.verbose = flags.verbose || argv.length === 1;
  console.log(quiet.verbose ? "quiet verbose" : "quiet silent");
  return quiet.verbose ? 3 : 4;
}
/* ==== annotate
prebuilt-mutation-bool.ts:6 class Flags
  count: int
  verbose: bool
prebuilt-mutation-bool.ts:11 class State
  done: bool
prebuilt-mutation-bool.ts:13 State.finish() -> void
prebuilt-mutation-bool.ts:16 State.isDone() -> bool
prebuilt-mutation-bool.ts:21 class Settings
  flags: Flags
  state: State
prebuilt-mutation-bool.ts:35 main(argv: string[]) -> int
*/
