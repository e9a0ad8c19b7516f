// The harness of the differential tests of strings and Math (strings.test.ts, math.test.ts): a
// fixture's function lowered with the runtime helpers, run by the LL interpreter on JavaScript
// arguments (strings are copied into the interpreter's memory, a string result read back).

import { expect } from "vitest";
import { repoRoot } from "../helpers/run-rts.ts";
import { lowered as loadFixture } from "./lowered-fixture.ts";

// The toolchain is loaded compiled (dist/), as bin/rts runs it (see llinterp.test.ts).
const dist = (path: string) => import(/* @vite-ignore */ `${repoRoot}/dist/${path}`);

export type Arg = number | boolean | string;

/** The fixture's function fn, lowered: run(args) under the LL interpreter, live(args) on Node. */
export async function lowered(fixture: string, fn: string) {
  const { Char, Ptr, STR } = await dist("llir/lltype.js");
  const { newString } = await dist("rtyper/run-llinterp.js");
  const { readString } = await dist("rtyper/rexception.js");
  const { graph, interp, program } = await loadFixture(fixture, fn);
  const params = (graph as unknown as { startblock: { inputargs: { type: unknown }[] } }).startblock.inputargs;
  const toLL = (value: Arg, i: number) => {
    if (typeof value !== "string") return value;
    // A parameter the annotator made a char takes the code unit.
    if (params[i]!.type === Char) return value.charCodeAt(0);
    return newString(interp, value);
  };
  const returnsString = (graph as unknown as { resultType: unknown }).resultType === Ptr(STR);
  const fromLL = (value: unknown) => (returnsString ? readString(interp.memory, value as number) : value);
  const live = program.entry.binding(fn).value as (...args: Arg[]) => unknown;
  return { run: (...args: Arg[]) => fromLL(interp.call(graph, args.map(toLL))), live };
}

/** Expects the fixture's fn to give Node's result on each list of arguments. */
export async function agree(fixture: string, fn: string, cases: Arg[][]): Promise<void> {
  const { run, live } = await lowered(fixture, fn);
  for (const args of cases) expect([args, run(...args)]).toEqual([args, live(...args)]);
}
