// The GC transform (src/gctransform/transform*.ts) on whole programs: the shadow stack saves and
// restores, the write barriers and their elision where expected; every transformed graph valid;
// and the annotator's positive corpus running in the LL interpreter with the same output as
// untransformed, with the shadow stack balanced after main, and again under a moving collector
// simulated in the interpreter (every object reachable from the shadow stack and the prebuilt
// objects copied to a new address, the old copy poisoned), which fails if any live pointer
// escaped the shadow stack.

import { mkdtempSync, readdirSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { withoutDriverFrames, writeBatchDriver } from "../helpers/batch-driver.ts";
import { repoRoot } from "../helpers/run-rts.ts";

// The toolchain is loaded compiled (dist/), as bin/rts runs it (see tests/rtyper/llinterp.test.ts).
const dist = (p: string) => import(/* @vite-ignore */ `${repoRoot}/dist/${p}`);

/* eslint-disable @typescript-eslint/no-explicit-any */
type Any = any;

async function load() {
  return {
    ...(await dist("frontend/modules.js")),
    ...(await dist("rtyper/run-llinterp.js")),
    ...(await dist("translator/lower.js")),
    ...(await dist("llir/llinterp.js")),
    ...(await dist("llir/llinterp-gc.js")),
    ...(await dist("llir/llinterp-system.js")),
    ...(await dist("rtyper/exceptions.js")),
    ...(await dist("llir/llgraph.js")),
    ...(await dist("llir/lltype.js")),
    ...(await dist("llir/checkllgraph.js")),
    ...(await dist("llir/print-llgraph.js")),
    ...(await dist("gctransform/transform.js")),
    ...(await dist("gctransform/may-collect.js")),
    ...(await dist("gctransform/transform-roots.js")),
  } as Any;
}

let t: Any;
beforeAll(async () => {
  t = await load();
});

const scratch = mkdtempSync(path.join(os.tmpdir(), "rts-gc-transform-"));

async function lowerSource(name: string, source: string, optimize: boolean) {
  const file = path.join(scratch, name);
  writeFileSync(file, source);
  return lowerFile(file, optimize);
}

async function lowerFile(file: string, optimize = true) {
  const program = await t.loadProgram(file, true, true);
  const lowered = t.lowerProgram(program, (s: string) => s, optimize);
  if (typeof lowered === "string") throw new Error(lowered);
  return lowered;
}

function graphsOf(lowered: Any): Any[] {
  return t.reachableGraphs([lowered.main, lowered.flush]);
}

function printed(lowered: Any, name: string): string {
  const graph = graphsOf(lowered).find((g: Any) => g.name === name);
  if (!graph) throw new Error(`no graph ${name}`);
  // Without positions, so that patterns can follow one line to the next.
  return t.printLLGraph(graph).replace(/  @\d+:\d+/g, "");
}

// ---- running, as runLowered does, but on an interpreter the test keeps

interface Outcome {
  stdout: string;
  stderr: string;
  status: number;
  /** Words left on the shadow stack when main returned (normally or by an exception); undefined after an exit. */
  leftOnStack: number | undefined;
  collections: number;
}

function newStringList(interp: Any, listType: Any, values: string[]): number {
  const struct = listType.to;
  const itemsType = struct.fields.find((f: Any) => f.name === "items").type.to;
  const list = interp.memory.allocate(struct);
  const items = interp.memory.allocate(itemsType, values.length);
  const listLayout = t.computeLayout(struct);
  const itemsLayout = t.computeLayout(itemsType);
  values.forEach((v, i) => interp.memory.storeWord(items + itemsLayout.itemsOffset + i * itemsLayout.itemSize, t.newString(interp, v)));
  interp.memory.store(t.Signed, list + listLayout.offsets.get("length"), values.length);
  interp.memory.storeWord(list + listLayout.offsets.get("items"), items);
  return list;
}

/** Runs main with argv; moving: under the moving collector, which places the prebuilt objects of the graphs the run can reach (default: all of lowered's). */
function run(lowered: Any, argv: string[], moving = false, reached: () => Any[] = () => graphsOf(lowered)): Outcome {
  const interp = new t.LLInterpreter();
  const out: Record<number, Buffer[]> = { 1: [], 2: [] };
  interp.output = (fd: number, bytes: Uint8Array) => out[fd]!.push(Buffer.from(bytes));
  const collector = moving ? new MovingCollector(interp, reached()) : undefined;
  const params = lowered.main.startblock.inputargs;
  const args = params.length === 0 ? [] : [newStringList(interp, params[0].type, argv)];
  // argv is made before the collector starts: it stays in place, traced like a prebuilt object.
  if (args.length > 0) collector?.addFixedObject(args[0] as number);
  collector?.start();
  let status = 0;
  let leftOnStack: number | undefined;
  const depth = () => {
    const { base, top } = t.shadowStack(interp);
    return (top - base) / 8;
  };
  const call = (graph: Any, graphArgs: unknown[]) => {
    try {
      return t.callWithExceptions(interp, graph, graphArgs);
    } finally {
      leftOnStack = depth();
    }
  };
  try {
    const result = call(lowered.main, args);
    status = typeof result === "number" ? result : 0;
  } catch (error) {
    if (error instanceof t.LLExit) {
      status = (error as Any).status;
      leftOnStack = undefined;
    } else if (error instanceof t.LLException) {
      out[2]!.push(Buffer.from(t.describeLLException(interp, (error as Any).value) + "\n"));
      status = 1;
    } else if (error instanceof t.LLFatalError) {
      out[2]!.push(Buffer.from(t.formatFatal(error) + "\n"));
      status = t.FATAL_EXIT_STATUS;
    } else throw error;
  }
  if (status !== undefined && leftOnStack !== undefined) {
    try {
      call(lowered.flush, []);
    } catch (error) {
      if (!(error instanceof t.LLExit)) throw error;
    }
  }
  collector?.stop();
  const text = (fd: number) => Buffer.concat(out[fd]!).toString("utf8");
  return { stdout: text(1), stderr: text(2), status, leftOnStack, collections: collector?.collections ?? 0 };
}

// ---- a moving collector for the LL interpreter

/**
 * Copies every object reachable from the roots (the shadow stack and the GC pointers held by
 * prebuilt objects, raw ones such as exc_data included) to a new address at allocations, and
 * poisons the old copies: a pointer the program still uses without having reloaded it from the
 * shadow stack then reads garbage. It runs at malloc and malloc_varsize only (the interpreter's
 * memory.allocate, once every prebuilt object is placed), as often as the live data allows
 * (at every allocation while the live data is under SMALL_HEAP bytes, then when a quarter of
 * the live bytes beyond that has been allocated since the last collection). It also checks that no exception is pending in exc_data,
 * the claim of transform.ts that lets exc_data be no root.
 */
const SMALL_HEAP = 1 << 16;

class MovingCollector {
  collections = 0;
  private heapStart = 0;
  private prebuiltSlots: number[] = [];
  private allocatedSince = 0;
  private liveBytes = 0;
  private readonly original: (type: Any, n?: number) => number;
  private readonly excValueAddress: number;
  private readonly offsetsCache = new Map<Any, { fixed: number[]; item: number[] }>();

  private readonly interp: Any;

  constructor(interp: Any, graphs: Any[]) {
    this.interp = interp;
    const memory = interp.memory;
    this.original = memory.allocate.bind(memory);
    // Every prebuilt object placed now, so that the run allocates only through malloc.
    const prebuilts = new Set<Any>();
    const pending: Any[] = [];
    const visit = (c: Any) => {
      if (!(c instanceof t.LLConstant)) return;
      const v = c.value as Any;
      // an item of an array of inline structs is written with its array: no object, its fields followed
      if (c.type instanceof t.StructType && !c.type.gc) {
        if (v) for (const f of v.fields.values()) visit(f);
        return;
      }
      if (v && typeof v === "object" && v.kind === "prebuilt" && !prebuilts.has(v)) {
        prebuilts.add(v);
        pending.push(v);
      }
      interp.constant(c);
    };
    for (const graph of graphs) {
      for (const block of graph.iterBlocks()) {
        for (const op of block.operations) op.args.forEach(visit);
        for (const link of block.exits) link.args.forEach(visit);
      }
    }
    for (let p = pending.pop(); p; p = pending.pop()) for (const c of [...p.fields.values(), ...p.items]) visit(c);
    void interp.nullAddress;
    t.prepareGcMemory(interp);
    for (const p of prebuilts) {
      const address = interp.constant(new t.LLConstant(p, t.Ptr(p.type)));
      for (const offset of this.pointerOffsets(p.type, p.items.length)) this.prebuiltSlots.push(address + offset);
    }
    const excData = interp.constant(new t.LLConstant(t.EXC_DATA_PREBUILT, t.Ptr(t.EXC_DATA)));
    this.excValueAddress = excData + t.computeLayout(t.EXC_DATA).offsets.get("exc_value");
  }

  /** An object outside the moving heap whose fields are roots, and the objects it points to (argv's list). */
  addFixedObject(address: number): void {
    const memory = this.interp.memory;
    const pending = [address];
    for (let a = pending.pop(); a !== undefined; a = pending.pop()) {
      const type = memory.typeOf(a);
      const layout = t.computeLayout(type);
      const n = layout.lengthOffset !== undefined && varsizeArray(type) ? memory.loadWord(a + layout.lengthOffset) : 0;
      for (const o of this.pointerOffsets(type, n)) {
        this.prebuiltSlots.push(a + o);
        const target = memory.loadWord(a + o);
        if (target !== 0) pending.push(target);
      }
    }
  }

  /** From now on, the objects allocated are the heap the collector moves. */
  start(): void {
    this.heapStart = this.interp.memory.allocatedBytes;
    this.interp.memory.allocate = (type: Any, n = 0) => {
      if (this.allocatedSince >= (this.liveBytes - SMALL_HEAP) / 4) this.collect();
      const size = t.sizeOf(type, n);
      this.allocatedSince += size;
      return this.original(type, n);
    };
  }

  stop(): void {
    delete this.interp.memory.allocate;
  }

  private offsets(type: Any): { fixed: number[]; item: number[] } {
    let known = this.offsetsCache.get(type);
    if (!known) {
      const fixed: number[] = [];
      const item: number[] = [];
      walk(type, 0, fixed);
      const array = varsizeArray(type);
      if (array) walk(array.item, 0, item);
      known = { fixed, item };
      this.offsetsCache.set(type, known);
    }
    return known;
  }

  /** The offsets of every GC pointer in an object of the type with n items. */
  private pointerOffsets(type: Any, n: number): number[] {
    const { fixed, item } = this.offsets(type);
    if (item.length === 0) return fixed;
    const layout = t.computeLayout(type);
    const result = [...fixed];
    for (let i = 0; i < n; i++) for (const o of item) result.push(layout.itemsOffset + i * layout.itemSize + o);
    return result;
  }

  private collect(): void {
    const memory = this.interp.memory;
    if (memory.loadWord(this.excValueAddress) !== 0) throw new Error("a collection while an exception is pending in exc_data");
    this.collections++;
    const forwarded = new Map<number, number>();
    const copied: number[] = [];
    const heapStart = this.heapStart;
    let live = 0;
    const forward = (p: number): number => {
      if (p < heapStart) return p; // null, sentinels and prebuilt objects stay
      let to = forwarded.get(p);
      if (to === undefined) {
        const type = memory.typeOf(p);
        if (!type) throw new Error(`a root or field holds ${p}, which is no object`);
        const layout = t.computeLayout(type);
        const n = layout.lengthOffset !== undefined && varsizeArray(type) ? memory.loadWord(p + layout.lengthOffset) : 0;
        const size = t.sizeOf(type, n);
        to = this.original(type, n) as number;
        memory.setBytes(to, memory.bytes(p, size));
        forwarded.set(p, to);
        copied.push(to);
        live += size;
      }
      return to;
    };
    const update = (address: number) => memory.storeWord(address, forward(memory.loadWord(address)));
    const { base, top } = t.shadowStack(this.interp);
    for (let a = base; a < top; a += 8) update(a);
    for (const a of this.prebuiltSlots) update(a);
    for (let i = 0; i < copied.length; i++) {
      const object = copied[i]!;
      const type = memory.typeOf(object);
      const layout = t.computeLayout(type);
      const n = layout.lengthOffset !== undefined && varsizeArray(type) ? memory.loadWord(object + layout.lengthOffset) : 0;
      for (const o of this.pointerOffsets(type, n)) update(object + o);
    }
    // The old copies: a word no program value has, so that a stale pointer shows.
    for (const [from, to] of forwarded) {
      const size = t.sizeOf(memory.typeOf(to), 0);
      memory.setBytes(from, new Uint8Array(Math.max(size, 16)).fill(0xee));
    }
    this.liveBytes = live;
    this.allocatedSince = 0;
  }
}

/** The variable-sized array of a type: the type itself, or the last field of a struct. */
function varsizeArray(type: Any): Any {
  if (type instanceof t.ArrayType) return type.varsize ? type : undefined;
  const last = type.fields[type.fields.length - 1];
  return last && last.type instanceof t.ArrayType && last.type.varsize ? last.type : undefined;
}

/** Appends the offsets of the GC pointers of a value of the type stored at `at` (the fixed part only). */
function walk(type: Any, at: number, out: number[]): void {
  if (type instanceof t.PtrType) {
    if (type.gc) out.push(at);
  } else if (type instanceof t.StructType) {
    const layout = t.computeLayout(type);
    for (const field of type.fields) {
      if (field.type instanceof t.ArrayType && field.type.varsize) continue;
      walk(field.type, at + layout.offsets.get(field.name), out);
    }
  } else if (type instanceof t.ArrayType && !type.varsize) {
    const layout = t.computeLayout(type);
    for (let i = 0; i < type.fixedLength; i++) walk(type.item, at + layout.itemsOffset + i * layout.itemSize, out);
  }
}

// ---- the static invariant: no GC pointer variable used after an operation that may collect

/** Uses of a GC pointer variable defined before an operation that may collect (and needs roots), after it: none may be left. */
function staleUses(graph: Any, collecting: Set<Any>): string[] {
  const problems: string[] = [];
  for (const block of graph.iterBlocks()) {
    const defined = new Set<Any>(block.inputargs.filter((v: Any) => t.isGcPointer(v.type)));
    const stale = new Set<Any>();
    const check = (v: Any, where: string) => {
      if (stale.has(v)) problems.push(`${graph.name}: ${t.llVariableNames(graph).get(v)} used by ${where} after a collection`);
    };
    block.operations.forEach((op: Any, i: number) => {
      // gc_reload_root names the pointer as saved (its second operand), which a backend keeps only where nothing collected.
      (op.opname === "gc_reload_root" ? op.args.slice(0, 1) : op.args).forEach((a: Any) => check(a, op.opname));
      const collects = t.operationMayCollect(op, collecting) && !(op.opname === "stack_check" && t.stackCheckNeedsNoRoots(block, i));
      if (collects) for (const v of defined) stale.add(v);
      if (t.isGcPointer(op.result.type)) defined.add(op.result);
    });
    if (block.exitswitch instanceof t.LLVariable) check(block.exitswitch, "the exitswitch");
    for (const link of block.exits) link.args.forEach((a: Any) => check(a, "a link"));
  }
  return problems;
}

function transformAndCheck(lowered: Any) {
  const stats = t.gcTransform([lowered.main, lowered.flush]);
  const graphs = graphsOf(lowered);
  for (const g of graphs) t.checkLLGraph(g);
  const collecting = t.mayCollectGraphs(graphs);
  expect(graphs.flatMap((g: Any) => staleUses(g, collecting))).toEqual([]);
  return stats;
}

// ---- the tests

const CELLS = `
class Cell {
  next: Cell | undefined;
  value: number;
  constructor(value: number, next: Cell | undefined) {
    this.value = value;
    this.next = next;
  }
}

function build(n: number): Cell | undefined {
  let head: Cell | undefined = undefined;
  for (let i = 0; i < n; i++) head = new Cell(i, head);
  return head;
}

function link(a: Cell, b: Cell): void {
  a.next = b;
}

function pair(a: Cell, b: Cell): Cell[] {
  return [a, b];
}

function sum(c: Cell | undefined): number {
  let total = 0;
  while (c !== undefined) {
    total += c.value;
    c = c.next;
  }
  return total;
}

export function main(argv: string[]): number {
  const a = build(3)!;
  const b = build(4)!;
  link(a, b);
  const both = pair(a, b);
  console.log(sum(both[0]) + sum(b));
  return 0;
}
`;

const DEEP_THROW = `
class Box {
  inner: Box | undefined;
  tag: string;
  constructor(tag: string, inner: Box | undefined) {
    this.tag = tag;
    this.inner = inner;
  }
}

function descend(n: number, outer: Box): number {
  const here = new Box("level" + n, outer);
  if (n === 0) throw new Error("bottom " + here.tag + " " + here.inner!.tag);
  const below = descend(n - 1, here);
  return below + here.tag.length;
}

function overflow(n: number, b: Box): number {
  return overflow(n + 1, new Box("x", b)) + 1;
}

export function main(argv: string[]): number {
  const keep = new Box("root", undefined);
  for (let i = 0; i < 5; i++) {
    try {
      descend(20 + i, keep);
    } catch (e) {
      console.log((e as Error).message + " " + keep.tag);
    }
  }
  try {
    overflow(0, keep);
  } catch (e) {
    console.log("overflow: " + (e as Error).message + " " + keep.tag);
  }
  descend(3, keep);
  return 0;
}
`;

describe("the GC transform", () => {
  it("saves the live pointers around collecting calls and allocations, restores and renames them after", async () => {
    const lowered = await lowerSource("cells.ts", CELLS, false);
    transformAndCheck(lowered);
    const pair = printed(lowered, "pair");
    // Both arguments live across the first malloc; the second saves them again (after an
    // allocation a slot is not known to hold its variable: the backend's fast path skips the saves).
    expect(pair).toMatch(/gc_push_roots\(3\)[\s\S]*gc_save_root\(-24, a_0\)\n.*gc_save_root\(-16, b_1\)\n.*= malloc\(list_Cell\)\n.*a_\d+: Ptr\(inst_Cell\) = gc_reload_root\(-24, a_0\)/);
    expect(pair.match(/gc_save_root/g)).toHaveLength(5);
    expect(pair.match(/gc_reload_root/g)).toHaveLength(5);
    expect(pair.match(/gc_restore_root/g)).toBeNull();
    expect(pair).toMatch(/gc_pop_roots\(3\)\n  return array_/);
    // Uses after the allocation see the reloaded values.
    expect(pair).toMatch(/a_(\d+): Ptr\(inst_Cell\) = gc_reload_root\(-24, a_\d+\)\n[\s\S]*setarrayitem\(items_\d+, 0, a_\1\)/);
    const main = printed(lowered, "main");
    expect(main).toMatch(/gc_save_root\(-8, result_\d+\)\n.*= direct_call\(<fn build>, 4\)\n.*gc_restore_root\(-8\)/);
    // A graph that never collects gets nothing.
    expect(printed(lowered, "sum")).not.toMatch(/gc_/);
    expect(printed(lowered, "link")).not.toMatch(/gc_(push|save|restore|pop)/);
    expect(run(lowered, ["cells"]).stdout).toBe("14\n");
  });

  it("puts write barriers before pointer stores into objects that may be old, not into fresh ones", async () => {
    const lowered = await lowerSource("cells-barriers.ts", CELLS, false);
    const stats = transformAndCheck(lowered);
    expect(printed(lowered, "link")).toMatch(/gc_write_barrier\(a_0\)\n.*setfield\(a_0, "f_next", b_1\)/);
    expect(printed(lowered, "Cell.constructor")).toMatch(/gc_write_barrier\(this_0\)[^\n]*\n[^\n]*setfield\(this_0, "f_next", next_2\)/);
    // In pair, the items array is fresh (no collection since its malloc): no barrier; the list
    // was allocated before the items array, whose malloc may collect: a barrier.
    const pair = printed(lowered, "pair");
    expect(pair).not.toMatch(/gc_write_barrier_array/);
    expect(pair).toMatch(/gc_write_barrier\(list_(\d+)\)[^\n]*\n[^\n]*setfield\(list_\1, "items"/);
    // Stores of constants and of non-pointers get none.
    expect(pair).not.toMatch(/gc_write_barrier\([^)]*\)[^\n]*\n[^\n]*setfield\([^,]*, "length"/);
    expect(stats.barriersElided).toBeGreaterThan(0);
    expect(stats.barriersInserted).toBeGreaterThan(0);
  });

  it("gives stack_check no roots, and a loop-head startblock a new start for gc_push_roots", async () => {
    const lowered = await lowerSource("deep.ts", DEEP_THROW, false);
    transformAndCheck(lowered);
    const descend = printed(lowered, "descend");
    expect(descend).toMatch(/^block0\(n_0: Signed, outer_1: Ptr\(inst_Box\)\):\n  v_\d+: Void = gc_push_roots\(\d\)\n  v_\d+: Void = stack_check/m);
    expect(descend.split("stack_check")[0]).not.toMatch(/gc_save_root/);

    // A hand-made graph whose startblock is a loop head: p live across a malloc in a loop.
    const S = new t.StructType("gc_test_S", true, [{ name: "next", type: t.Signed }]);
    const p = new t.LLVariable(t.Ptr(S), "p");
    const i = new t.LLVariable(t.Signed, "i");
    const start = new t.LLBlock([p, i]);
    const fresh = new t.LLVariable(t.Ptr(S), "fresh");
    const next = new t.LLVariable(t.Signed, "next");
    const more = new t.LLVariable(t.Bool, "more");
    start.operations.push(new t.LLOperation("malloc", [new t.LLConstant(S, t.Void)], fresh, undefined));
    start.operations.push(new t.LLOperation("int_add", [i, new t.LLConstant(1, t.Signed)], next, undefined));
    start.operations.push(new t.LLOperation("int_lt", [next, new t.LLConstant(5, t.Signed)], more, undefined));
    const graph = new t.LLGraph("loop_at_start", start, t.Ptr(S), t.Ptr(S), undefined);
    start.closeBlock([new t.LLLink([p], graph.returnblock, false), new t.LLLink([p, next], start, true)], more);
    t.transformExceptions([graph]);
    const stats = t.gcTransform([graph]);
    t.checkLLGraph(graph);
    expect(stats.rootsSaved).toBe(1);
    expect(graph.startblock.operations.map((op: Any) => op.opname)).toEqual(["gc_push_roots"]);
    const text = t.printLLGraph(graph).replace(/  @\d+:\d+/g, "");
    expect(text).toMatch(/gc_save_root\(-8, (p_\d+)\)\n.*malloc\(gc_test_S\)\n.*gc_reload_root\(-8, \1\)/);
    const interp = new t.LLInterpreter();
    const object = interp.memory.allocate(S);
    expect(interp.call(graph, [object, 0])).toBe(object);
    const { base, top } = t.shadowStack(interp);
    expect(top).toBe(base);
  });

  it("keeps the shadow stack balanced when exceptions cross frames, and survives a moving collector", async () => {
    const lowered = await lowerSource("deep-run.ts", DEEP_THROW, true);
    const before = run(lowered, ["deep"]);
    expect(before.stdout).toContain("bottom level0 level1 root");
    expect(before.stdout).toContain("overflow: Maximum call stack size exceeded root");
    transformAndCheck(lowered);
    const after = run(lowered, ["deep"]);
    expect(after).toEqual({ ...before, leftOnStack: 0 });
    const moved = run(lowered, ["deep"], true);
    expect(moved.collections).toBeGreaterThan(100);
    expect({ ...moved, collections: 0 }).toEqual({ ...before, leftOnStack: 0, collections: 0 });
  });
});

// ---- the corpus

const corpusDir = "tests/annotator/golden/ok";
const corpus = readdirSync(path.join(repoRoot, corpusDir)).filter((f) => f.endsWith(".ts")).sort();
/** What differs from run to run (the clock), masked before comparing. */
const MASK: Record<string, (text: string) => string> = {
  "timing.ts": (text) => text.replace(/ in \d+(\.\d+)? ms at \d+/, " in T ms at S"),
};

const movedCollections = new Map<string, number>();

interface CorpusRuns {
  before: Outcome;
  after: Outcome;
  /** Under the moving collector; undefined for a program that hashes identities (addresses in the interpreter: a moved key would change its hash). */
  moved: Outcome | undefined;
}

/**
 * The corpus lowered as one batch (tests/helpers/batch-driver.ts: a driver runs the program its
 * first argument names), so that its ~150 runtime helpers are lowered once rather than once per
 * program; each run is still one program alone, in a fresh interpreter. Every program runs before
 * the transform, then the batch is transformed and checked, then every program runs again, and
 * again under the moving collector.
 */
async function runCorpus(): Promise<Map<string, CorpusRuns>> {
  const driver = path.join(scratch, "corpus.ts");
  writeBatchDriver(driver, corpus.map((name) => ({ name, file: `${corpusDir}/${name}` })));
  const program = await t.loadProgram(driver, true, true);
  const lowered = t.lowerProgram(program, (s: string) => s, true);
  if (typeof lowered === "string") throw new Error(lowered);
  const graphsByDesc = lowered.rtyper.allGraphs();
  /** What a member's main reaches (with flush), as graphsOf gives it for the program alone. */
  const reachedBy = (member: string): Any[] => {
    const module = program.modules.find((m: Any) => m.file === path.join(repoRoot, corpusDir, member));
    const source = program.functionSource(module.exported("main").value);
    const main = [...graphsByDesc].find(([desc]: Any) => desc.source.node === source.node && desc.source.name === source.name)![1];
    return t.reachableGraphs([main, lowered.flush]);
  };
  const members = new Map(corpus.map((member) => [member, reachedBy(member)]));
  // Every member's main is lowered and reached from the driver's (through its table of mains).
  const all = new Set(graphsOf(lowered));
  expect(corpus.filter((member) => !members.get(member)!.every((g) => all.has(g)))).toEqual([]);
  const argvOf = (member: string) => [driver, member, "7", "word"];
  const shown = (o: Outcome): Outcome => ({ ...o, stderr: withoutDriverFrames(driver, o.stderr) });
  const before = new Map(corpus.map((member) => [member, shown(run(lowered, argvOf(member)))]));
  transformAndCheck(lowered);
  const runs = new Map<string, CorpusRuns>();
  for (const member of corpus) {
    const after = shown(run(lowered, argvOf(member)));
    const reached = members.get(member)!;
    const hashes = reached.some((g: Any) => g.iterBlocks().some((b: Any) => b.operations.some((op: Any) => op.opname === "identityhash")));
    // The collector places the prebuilt objects the member's run can reach: the driver's main and the member's graphs.
    const moved = hashes ? undefined : shown(run(lowered, argvOf(member), true, () => [lowered.main, ...reached]));
    runs.set(member, { before: before.get(member)!, after, moved });
  }
  return runs;
}

let corpusRuns: Promise<Map<string, CorpusRuns>> | undefined;

describe("the corpus through the GC transform runs as before in the LL interpreter", () => {
  afterAll(() => {
    // The moving collector ran often enough to mean something.
    expect([...movedCollections.values()].reduce((a, b) => a + b, 0)).toBeGreaterThan(300);
    if (process.env.RTS_GC_TEST_VERBOSE) console.log(Object.fromEntries(movedCollections));
  });

  for (const program of corpus) {
    it(program, async () => {
      const { before, after, moved } = (await (corpusRuns ??= runCorpus())).get(program)!;
      const mask = MASK[program] ?? ((s: string) => s);
      const shown = (o: Outcome) => ({ stdout: mask(o.stdout), stderr: o.stderr, status: o.status });
      expect(shown(after)).toEqual(shown(before));
      if (after.leftOnStack !== undefined) expect(after.leftOnStack).toBe(0);
      if (!moved) return;
      expect(shown(moved)).toEqual(shown(before));
      movedCollections.set(program, moved.collections);
    });
  }
});
