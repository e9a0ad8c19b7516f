// The native runtime's LL graphs (src/rtyper/native-runtime.ts) and the stack checks
// (src/rtyper/stackcheck.ts), run by the LL interpreter: entry gets a fake argc/argv built in the
// interpreter's memory as the kernel lays it out (NUL-terminated UTF-8 strings and an array of
// pointers to them), and must print and return what `rts run --llinterp` (runLowered) does.

import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { repoRoot } from "../helpers/run-rts.ts";
import { POSITION_LINE } from "../../src/runtime/native.ts";

const dist = (p: string) => import(/* @vite-ignore */ `${repoRoot}/dist/${p}`);

async function load() {
  return {
    ...(await dist("frontend/modules.js")),
    ...(await dist("annotator/annotator.js")),
    ...(await dist("rtyper/rtyper.js")),
    ...(await dist("llir/llinterp.js")),
    ...(await dist("llir/llinterp-system.js")),
    ...(await dist("llir/llgraph.js")),
    ...(await dist("llir/lltype.js")),
    ...(await dist("llir/checkllgraph.js")),
    ...(await dist("rtyper/exceptions.js")),
    ...(await dist("rtyper/opt/index.js")),
    ...(await dist("rtyper/run-llinterp.js")),
    ...(await dist("rtyper/native-runtime.js")),
    ...(await dist("rtyper/stackcheck.js")),
  };
}

let loaded: ReturnType<typeof load> | undefined;
const toolchain = () => (loaded ??= load());
type T = Awaited<ReturnType<typeof load>>;
type Graph = { name: string; startblock: { operations: { opname: string }[] }; iterBlocks(): { operations: { opname: string }[] }[] };

const dir = mkdtempSync(path.join(tmpdir(), "rts-native-"));
let programs = 0;

/**
 * The program lowered as lowerProgram will once the native runtime is wired in: annotate,
 * prepare the runtime's helpers, lower main, build the runtime, optimize, insert stack checks,
 * transform exceptions.
 */
async function lower(source: string, optimize = true) {
  const t = await toolchain();
  const file = path.join(dir, `prog${programs++}.ts`);
  writeFileSync(file, source);
  const program = await t.loadProgram(file, true, true);
  const annotator = new t.Annotator(program);
  annotator.annotateMain();
  expect(annotator.errors).toEqual([]);
  t.prepareNativeRuntime(annotator);
  const rtyper = new t.RTyper(annotator);
  const main = rtyper.specializeFrom(annotator.bk.functionDesc(program.main));
  const flush = rtyper.specializeFrom(rtyper.rtsHelper("flushAll", []));
  const rt = t.buildNativeRuntime(rtyper, main, "prog.ts");
  const roots = [rt.entry, rt.fatal, rt.fatalIndex, rt.fatalNotInteger, rt.stackOverflow, main, flush];
  for (const g of t.reachableGraphs(roots)) t.checkLLGraph(g);
  if (optimize) t.optimizeGraphs(roots);
  t.insertStackChecks(roots, rt.stackOverflow);
  for (const g of t.reachableGraphs(roots)) t.checkLLGraph(g);
  const checked = (t.reachableGraphs(roots) as Graph[]).filter((g) => g.startblock.operations[0]?.opname === "stack_check").map((g) => g.name);
  t.transformExceptions(roots);
  for (const g of t.reachableGraphs(roots)) t.checkLLGraph(g);
  return { t, rt, lowered: { rtyper, main, flush }, file: program.entry.shown as string, checked };
}

type Run = { status: number; stdout: string; stderr: string };

function capture(interp: { output: unknown }): { stdout: () => string; stderr: () => string } {
  const chunks: Record<number, Buffer[]> = { 1: [], 2: [] };
  interp.output = (fd: number, bytes: Uint8Array) => chunks[fd]!.push(Buffer.from(bytes));
  return { stdout: () => Buffer.concat(chunks[1]!).toString("utf8"), stderr: () => Buffer.concat(chunks[2]!).toString("utf8") };
}

/** argc and argv as the kernel gives them: C strings, and an array of pointers to them. */
function fakeArgv(t: T, interp: InstanceType<T["LLInterpreter"]>, args: string[]): [number, number] {
  const bytes = new t.ArrayType(t.Uint8, { gc: false, name: "cstrings" });
  const words = new t.ArrayType(t.Address, { gc: false, name: "argv" });
  const encoded = args.map((a) => Buffer.from(a + "\0", "utf8"));
  const strings = interp.memory.allocate(bytes, encoded.reduce((n, b) => n + b.length, 0));
  const pointers = interp.memory.allocate(words, args.length + 1);
  let at = strings + t.computeLayout(bytes).itemsOffset;
  const table = pointers + t.computeLayout(words).itemsOffset;
  encoded.forEach((b, i) => {
    interp.memory.setBytes(at, b);
    interp.memory.storeWord(table + 8 * i, at);
    at += b.length;
  });
  interp.memory.storeWord(table + 8 * args.length, 0);
  return [args.length, table];
}

/** Runs entry as `_start` would, with the program's arguments after argv[0]. */
function runEntry(t: T, rt: { entry: unknown }, args: string[], configure?: (interp: { maxCallDepth: number }) => void): Run {
  const interp = new t.LLInterpreter();
  configure?.(interp);
  const out = capture(interp);
  const [argc, argv] = fakeArgv(t, interp, ["./prog-c", ...args]);
  let status: number;
  try {
    status = t.callWithExceptions(interp, rt.entry, [argc, argv]);
  } catch (error) {
    if (!(error instanceof t.LLExit)) throw error;
    status = (error as { status: number }).status;
  }
  return { status, stdout: out.stdout(), stderr: out.stderr() };
}

/** What `rts run --llinterp prog.ts args` prints and returns (runLowered, on the same graphs). */
function runLLInterp(t: T, lowered: unknown, args: string[]): Run {
  const chunks: Record<number, Buffer[]> = { 1: [], 2: [] };
  const status = t.runLowered(lowered, ["prog.ts", ...args], t.describeLLException, (fd: number, bytes: Uint8Array) => chunks[fd]!.push(Buffer.from(bytes)));
  return { status, stdout: Buffer.concat(chunks[1]!).toString("utf8"), stderr: Buffer.concat(chunks[2]!).toString("utf8") };
}

/** Runs entry and runLowered; both must agree; returns entry's run. */
async function agree(source: string, args: string[] = []): Promise<Run & { file: string }> {
  const { t, rt, lowered, file } = await lower(source);
  const native = runEntry(t, rt, args);
  expect(native).toEqual(runLLInterp(t, lowered, args));
  return { ...native, file };
}

/**
 * For a program that ends with an uncaught error: the native runtime's graphs, run by the LL
 * interpreter, have no table of return addresses (the code generator writes it;
 * tests/differential/native-traces.test.ts compares whole traces of binaries), so they show where
 * the error was made, the innermost position of the trace the LL runner prints.
 */
async function agreeUncaught(source: string, args: string[] = []): Promise<Run & { file: string; native: Run }> {
  const { t, rt, lowered, file } = await lower(source);
  const native = runEntry(t, rt, args);
  const ll = runLLInterp(t, lowered, args);
  const [header, innermost] = ll.stderr.split("\n");
  const where = /\((.*)\)$/.exec(innermost!)?.[1] ?? innermost!.slice("    at ".length);
  expect(native).toEqual({ ...ll, stderr: `${header}\n    at ${where}\n` });
  return { ...ll, file, native };
}

describe("entry", () => {
  it("gives main argv[0] as rts run does and the C strings decoded as UTF-8", async () => {
    const run = await agree(
      `export function main(argv: string[]): number {
        for (const a of argv) console.log(a + " " + String(a.length));
        return 0;
      }`,
      ["plain", "héllo wörld", "日本語", "😀", ""],
    );
    expect(run).toMatchObject({ status: 0, stderr: "", stdout: "prog.ts 7\nplain 5\nhéllo wörld 11\n日本語 3\n😀 2\n 0\n" });
  });

  it("decodes invalid UTF-8 as U+FFFD, as Node does", async () => {
    const { t, rt } = await lower(`export function main(argv: string[]): number { console.log(argv[1]!); return argv.length; }`);
    const interp = new t.LLInterpreter();
    const out = capture(interp);
    const [, argv] = fakeArgv(t, interp, ["./prog-c", "ab"]);
    // Replace "ab" by the bytes 0xff 0x41: an invalid byte then "A".
    const second = interp.memory.loadWord(argv + 8);
    interp.memory.setBytes(second, new Uint8Array([0xff, 0x41, 0]));
    expect(t.callWithExceptions(interp, rt.entry, [2, argv])).toBe(2);
    expect(out.stdout()).toBe(`${Buffer.from([0xff, 0x41]).toString("utf8")}\n`);
  });

  it("returns main's status and flushes what main printed", async () => {
    const run = await agree(`export function main(argv: string[]): number { process.stdout.write("no newline"); return argv.length + 40; }`, ["a", "b"]);
    expect(run).toMatchObject({ status: 43, stdout: "no newline", stderr: "" });
  });

  it("runs a main that never returns (its result is Void): process.exit's status, the output flushed", async () => {
    const run = await agree(`export function main(argv: string[]): number { console.log("hi " + argv[0]!); process.exit(5); }`);
    expect(run).toMatchObject({ status: 5, stdout: "hi prog.ts\n", stderr: "" });
  });

  it("reports an uncaught Error after flushing stdout, with status 1", async () => {
    const run = await agreeUncaught(
      `function fail(what: string): number {
  throw new Error("bad " + what);
}
export function main(argv: string[]): number {
  console.log("before");
  return fail(argv[1]!);
}`,
      ["thing"],
    );
    expect(run).toMatchObject({ status: 1, stdout: "before\n", stderr: `Error: bad thing\n    at fail (${run.file}:2:9)\n    at main (${run.file}:6:10)\n` });
    expect(run.native.stderr).toBe(`Error: bad thing\n    at ${run.file}:2:9\n`);
  });

  it("reports an uncaught subclass of Error with its name, and one without a message", async () => {
    const source = `class ParseError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "ParseError";
  }
}
export function main(argv: string[]): number {
  if (argv.length > 1) throw new ParseError("unexpected '" + argv[1]! + "'");
  throw new TypeError();
}`;
    const one = await agreeUncaught(source, ["}"]);
    expect(one.stderr).toBe(`ParseError: unexpected '}'\n    at main (${one.file}:8:30)\n`);
    expect(one.status).toBe(1);
    const other = await agreeUncaught(source);
    expect(other.stderr).toBe(`TypeError\n    at main (${other.file}:9:9)\n`);
  });

  it("reports an error made by the runtime where the program called it", async () => {
    const run = await agreeUncaught(`import { readFileSync } from "node:fs";
export function main(argv: string[]): number {
  return readFileSync(argv[1]!, "utf8").length;
}`, ["/nonexistent/file"]);
    expect(run.stderr).toBe(`Error: ENOENT: no such file or directory, open '/nonexistent/file'\n    at main (${run.file}:3:10)\n`);
  });
});

describe("fatal errors", () => {
  /** Calls one of the runtime's fatal graphs with the arguments made by args (in the interpreter's memory). */
  async function fatal(graph: "fatal" | "fatalIndex" | "fatalNotInteger", args: (t: T, interp: InstanceType<T["LLInterpreter"]>) => unknown[]): Promise<Run> {
    const { t, rt } = await lower(`export function main(argv: string[]): number { return argv.length; }`);
    const interp = new t.LLInterpreter();
    const out = capture(interp);
    let status = -1;
    try {
      t.callWithExceptions(interp, rt[graph], args(t, interp));
    } catch (error) {
      if (!(error instanceof t.LLExit)) throw error;
      status = (error as { status: number }).status;
    }
    return { status, stdout: out.stdout(), stderr: out.stderr() };
  }

  /** What run-llinterp.ts prints for the same failure found by the LL interpreter. */
  async function expected(message: string, where?: { file: string; line: number; column: number }): Promise<Run> {
    const t = await toolchain();
    return { status: t.FATAL_EXIT_STATUS, stdout: "", stderr: t.formatFatal(new t.LLFatalError(message, where)) + "\n" };
  }

  const where = { file: "calc.ts", line: 3, column: 14 };

  it("fatal prints the message and where, and exits with status 70", async () => {
    const run = await fatal("fatal", (t, interp) => [t.newString(interp, "integer division by zero"), t.newString(interp, "calc.ts"), 3 * POSITION_LINE + 14]);
    expect(run).toEqual(await expected("integer division by zero", where));
    expect(run.stderr).toBe("fatal error: integer division by zero\n    at calc.ts:3:14\n");
  });

  it("fatal without a position (a null pointer) prints no at line", async () => {
    const run = await fatal("fatal", (t, interp) => [t.newString(interp, "null or undefined where a value was expected"), 0, 0]);
    expect(run).toEqual(await expected("null or undefined where a value was expected"));
  });

  it("fatalIndex formats the bounds as check_index does", async () => {
    const run = await fatal("fatalIndex", (t, interp) => [7, 3, t.newString(interp, "calc.ts"), 3 * POSITION_LINE + 14]);
    expect(run).toEqual(await expected("index 7 out of bounds (length 3)", where));
    const negative = await fatal("fatalIndex", () => [-1, 0, 0, 0]);
    expect(negative).toEqual(await expected("index -1 out of bounds (length 0)"));
  });

  it("fatalNotInteger prints the number as JavaScript does", async () => {
    for (const x of [1.5, 1e21, -0.1, NaN, Infinity, 2 ** 60]) {
      const run = await fatal("fatalNotInteger", (t, interp) => [x, t.newString(interp, "calc.ts"), 3 * POSITION_LINE + 14]);
      expect(run).toEqual(await expected(`the number ${x} is not an integer the program can hold`, where));
    }
  });
});

const RECURSION = `function fact(n: number): number {
  return n <= 1 ? 1 : n * fact(n - 1);
}
function isEven(n: number): boolean {
  return n === 0 ? true : isOdd(n - 1);
}
function isOdd(n: number): boolean {
  return n === 0 ? false : isEven(n - 1);
}
function square(n: number): number {
  const xs: number[] = [];
  for (let i = 0; i < n; i++) xs.push(n);
  return xs.length * n;
}
function stop(n: number): number {
  return n * 3;
}
function pick(n: number): (n: number) => number {
  return n % 2 === 0 ? countDown : stop;
}
function countDown(n: number): number {
  return n <= 0 ? 0 : pick(n)(n - 1) + 1;
}
export function main(argv: string[]): number {
  const n = argv.length + 4;
  console.log(String(fact(n)) + " " + String(isEven(n)) + " " + String(square(n)) + " " + String(countDown(n)));
  return 0;
}`;

describe("stack checks", () => {
  it("go into recursive, mutually recursive and pointer-recursive graphs, not into leaves", async () => {
    const { t, rt, checked } = await lower(RECURSION, false);
    expect(checked.sort()).toEqual(["countDown", "fact", "isEven", "isOdd"]);
    expect(runEntry(t, rt, [])).toEqual({ status: 0, stdout: "120 false 25 13\n", stderr: "" });
  });

  it("callGraph and graphsOnCycles: a self-call is a cycle, a call is not", async () => {
    const { LLGraphBuilder } = await dist("llir/llbuilder.js");
    const t = await toolchain();
    const leaf = new LLGraphBuilder("leaf", [], t.Signed);
    leaf.returnValue(new t.LLConstant(1, t.Signed));
    const leafGraph = leaf.build();
    const self = new LLGraphBuilder("self", [], t.Signed);
    self.returnValue(self.op("direct_call", [t.functionConstant(leafGraph)], t.Signed));
    const caller = self.build();
    // caller calls leaf: no cycle; then make leaf call caller: both on one.
    expect([...t.graphsOnCycles([caller, leafGraph], t.callGraph([caller, leafGraph]))]).toEqual([]);
    const loop = new Map([[caller, new Set([leafGraph])], [leafGraph, new Set([caller])]]);
    expect(new Set(t.graphsOnCycles([caller, leafGraph], loop))).toEqual(new Set([caller, leafGraph]));
    expect([...t.graphsOnCycles([leafGraph], new Map([[leafGraph, new Set([leafGraph])]]))]).toEqual([leafGraph]);
  });

  // down may return and throw as far as the annotator knows: a function that can do neither
  // annotates as impossible, and so would the catch of its calls (see the report).
  const ENDLESS = `function down(n: number): number {
  if (n < 0) throw new Error("negative");
  return n < 0 ? 0 : down(n + 1) + 1;
}
export function main(argv: string[]): number {
  try {
    down(0);
  } catch (e) {
    if (e instanceof RangeError) console.log("caught RangeError: " + e.message);
    else console.log("caught something else");
  }
  console.log("still running");
  return 0;
}`;

  it("make endless recursion a RangeError the program catches (rts run --llinterp)", async () => {
    const { t, rt, lowered, checked } = await lower(ENDLESS);
    expect(checked).toContain("down");
    const expected = { status: 0, stdout: "caught RangeError: Maximum call stack size exceeded\nstill running\n", stderr: "" };
    // The LL interpreter's own limit, then a lower one.
    expect(runLLInterp(t, lowered, [])).toEqual(expected);
    expect(runEntry(t, rt, [])).toEqual(expected);
    expect(runEntry(t, rt, [], (interp) => (interp.maxCallDepth = 50))).toEqual(expected);
  });

  it("report an uncaught stack overflow as Node's RangeError, after what was printed", async () => {
    const { t, rt } = await lower(`function down(n: number): number {
  return n < 0 ? 0 : down(n + 1) + 1;
}
export function main(argv: string[]): number {
  console.log("start");
  return down(argv.length);
}`);
    expect(runEntry(t, rt, [], (interp) => (interp.maxCallDepth = 100))).toEqual({ status: 1, stdout: "start\n", stderr: "RangeError: Maximum call stack size exceeded\n" });
  });

  it("also raise in the rtyper's form, before the exception transform", async () => {
    const t = await toolchain();
    const file = path.join(dir, "untransformed.ts");
    writeFileSync(file, ENDLESS);
    const program = await t.loadProgram(file, true, true);
    const annotator = new t.Annotator(program);
    annotator.annotateMain();
    t.prepareNativeRuntime(annotator);
    const rtyper = new t.RTyper(annotator);
    const main = rtyper.specializeFrom(annotator.bk.functionDesc(program.main));
    const rt = t.buildNativeRuntime(rtyper, main, "prog.ts");
    t.insertStackChecks([rt.entry], rt.stackOverflow);
    const interp = new t.LLInterpreter();
    interp.maxCallDepth = 30;
    const out = capture(interp);
    const [argc, argv] = fakeArgv(t, interp, ["./prog-c"]);
    expect(interp.call(rt.entry, [argc, argv])).toBe(0);
    expect(out.stdout()).toBe("caught RangeError: Maximum call stack size exceeded\nstill running\n");
    expect(interp.callDepth).toBe(0);
  });
});
