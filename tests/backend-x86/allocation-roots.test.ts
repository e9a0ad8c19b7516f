// The shadow stack around an inline allocation (src/backend/allocation-roots.ts): the GC
// transform saves the pointers live across a malloc and reloads them after it (gc_reload_root);
// the x86-64 backend runs those saves on the allocation's slow path only. In the listing of a
// function that allocates in a loop with pointers live across each allocation, every store into a
// shadow stack slot is out of line, after the epilogue (the slow paths), none on the way through
// the blocks; and the program computes the same list with a collection at every allocation
// (RTS_GC_STRESS=1, whose log proves the collections), where every slow path saves and reloads.

import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { findSections, parsePypylog } from "../helpers/pypylog.ts";
import { runRts, type Completed } from "../helpers/run-rts.ts";
import { runBinary } from "../differential/native-harness.ts";

const directory = mkdtempSync(path.join(os.tmpdir(), "rts-allocation-roots-"));
afterAll(() => rmSync(directory, { recursive: true, force: true }));

const SOURCE = `class Pair {
  next: Pair | null;
  value: number;
  constructor(next: Pair | null, value: number) {
    this.next = next;
    this.value = value;
  }
}

function build(n: number, first: Pair, step: Pair): Pair {
  let list = first;
  for (let i = 0; i < n; i++) list = new Pair(list, i * step.value);
  return list;
}

export function main(argv: string[]): number {
  const list = build(argv.length * 20000, new Pair(null, 7), new Pair(null, 3));
  let total = 0;
  for (let p: Pair | null = list; p !== null; p = p.next) total += p.value;
  console.log(String(total));
  return 0;
}
`;
writeFileSync(path.join(directory, "prog.ts"), SOURCE);
/** 7 + 3 * (0 + 1 + ... + 39999): the list main builds with two arguments. */
const EXPECTED = String(7 + (3 * 39999 * 40000) / 2);

let dumped: Completed;
beforeAll(async () => {
  dumped = await runRts(["translate", "prog.ts", "--dump-asm", "prog.main"], { cwd: directory });
}, 120_000);

describe("roots saved on the slow path of an allocation only", () => {
  it("stores into shadow stack slots only out of line, after the epilogue", () => {
    expect(dumped.status, dumped.stderr).toBe(0);
    const listing = dumped.stdout.slice(dumped.stdout.indexOf("<prog.main>"));
    const [body, outOfLine] = listing.split("  ; epilogue");
    // Three inline allocations in the body (the two arguments and the loop's Pair): bumps checked against the nursery's top.
    expect(body!.match(/cmp r11,QWORD PTR \[rip\+0x[0-9a-f]+\]\s+# 0x[0-9a-f]+ <rts\.gcShared\+0x8>/g)).toHaveLength(3);
    const slotStore = /mov QWORD PTR \[r(?:ax|11)-0x[0-9a-f]+\],r/g;
    expect(body!.match(slotStore)).toBeNull();
    expect(outOfLine!.match(slotStore)?.length ?? 0).toBeGreaterThan(0);
  });

  it("builds the same list with and without a collection at every allocation", { timeout: 120_000 }, async () => {
    const binary = path.join(directory, "prog-c");
    const plain = await runBinary(binary, ["x"], { cwd: directory, env: {} });
    expect(plain.stdout.trim()).toBe(EXPECTED);
    const log = path.join(directory, "gc.log");
    const stressed = await runBinary(binary, ["x"], { cwd: directory, env: { RTS_GC_STRESS: "1", RTSLOG: `gc-minor:${log}` } });
    expect(stressed.stdout.trim()).toBe(EXPECTED);
    expect(stressed.status).toBe(0);
    expect(findSections(parsePypylog(readFileSync(log, "utf8")), "gc-minor").length).toBeGreaterThan(40_000);
  });
});
