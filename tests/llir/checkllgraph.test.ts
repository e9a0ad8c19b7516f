// The LL graph verifier (src/llir/checkllgraph.ts) on LL text written by hand: a graph using
// every kind of place of the operation table's signatures passes, and a graph wrong in each way
// (an operand's or a result's type, a constant where the table wants one, a call against its
// function's type, an exitswitch, a caught exception, the number of operands) is rejected with a
// message that names the graph, the block and the operation as the printer writes them.

import { describe, expect, it } from "vitest";
import { dist } from "../rtyper/opt-lowering.ts";

type Any = any; // values of the compiled toolchain

async function kit() {
  const { parseLLGraphs } = await dist("llir/parse-llgraph.js");
  const { checkLLGraph } = await dist("llir/checkllgraph.js");
  const { OBJECT, OBJECT_VTABLE } = await dist("rtyper/rclass.js");
  const lltype = await dist("llir/lltype.js");
  const llgraph = await dist("llir/llgraph.js");
  const env = { types: new Map<string, Any>([["object", OBJECT], ["object_vtable", OBJECT_VTABLE], ["STR", lltype.STR]]), exceptionType: lltype.Ptr(OBJECT) };
  const parse = (text: string): Any[] => parseLLGraphs(text, env, "test.ll");
  /** What the verifier says of the graphs of text: "ok", or its message. */
  const verdict = (text: string): string => {
    try {
      parse(text).forEach(checkLLGraph);
      return "ok";
    } catch (e) {
      return (e as Error).message;
    }
  };
  return { parse, verdict, checkLLGraph, ...lltype, ...llgraph };
}

const DECLARATIONS = `struct point gc { x: Signed, y: Float, flag: Bool }
struct point3 gc { base: point, z: Signed }
struct other gc { a: Signed }
struct text gc { hash: Signed, chars: Array(Char) }
array "Array(Char)" of Char
array ints gc of Signed
array bytes gc of Uint8
struct inst_Oops gc { base: object, code: Signed }
func helper(Signed, Ptr(point)) -> Float
`;

/** A graph that uses every kind of place of the table's signatures, rightly. */
const RIGHT = `${DECLARATIONS}
graph right(a: Signed, p: Ptr(point3), c: Char, f: Ptr(Func(Signed, Ptr(point)) -> Float)) -> Float
block0(a: Signed, p: Ptr(point3), c: Char, f: Ptr(Func(Signed, Ptr(point)) -> Float)):
  b: Signed = int_add(a, 1)
  q: Ptr(point) = cast_pointer(Ptr(point), p)
  x = getfield(p, "x")
  setfield(p, "y", 2.5)
  setfield(p, "z", b)
  flag = getfield(q, "flag")
  arr: Ptr(ints) = malloc_varsize(ints, 3)
  setarrayitem(arr, 0, x)
  item = getarrayitem(arr, 1)
  s: Ptr(text) = malloc_varsize(text, 2)
  setinteriorfield(s, "chars", 0, c)
  ch = getinteriorfield(s, "chars", 1)
  by: Ptr(bytes) = malloc_varsize(bytes, 4)
  setarrayitem(by, 0, 255)
  byte = getarrayitem(by, 0)
  o: Ptr(other) = malloc(other)
  same: Bool = ptr_eq(q, null)
  copy = same_as(item)
  r: Float = direct_call(<fn helper>, copy, q)
  s2: Float = indirect_call(f, byte, q)
  jit_merge_point("driver", 1, a, 2.5, null: Ptr(point))
  can_enter_jit("driver", 1, a, 2.5, null: Ptr(point))
  jitted: Bool = jit_we_are_jitted()
  if flag then block1(r, ch) else block2(s2, b)
block1(r: Float, ch: Char):
  switch ch:
    97 -> return r
    98 -> block2(r, 1)
    default -> block2(r, 2)
block2(r: Float, k: Signed):
  switch k:
    1 -> return r
    default -> return 0.0
graph catching(n: Signed, q: Ptr(point)) -> Float
block0(n: Signed, q: Ptr(point)):
  r: Float = direct_call(<fn helper>, n, q)
  ok -> return r
  catch e -> block1(e)
  catch e: Ptr(inst_Oops) -> block2(e)
block1(e: Ptr(object)):
  raise e
block2(e: Ptr(inst_Oops)):
  return 1.0
`;

/** A graph of one block around body, after the declarations. */
const one = (body: string, result = "Signed") => `${DECLARATIONS}
graph f(a: Signed, p: Ptr(point), c: Char, x: Float) -> ${result}
block0(a: Signed, p: Ptr(point), c: Char, x: Float):
${body}
`;

describe("the LL graph verifier", () => {
  it("passes a graph that uses every kind of place rightly", async () => {
    const { verdict } = await kit();
    expect(verdict(RIGHT)).toBe("ok");
  });

  it("rejects an operand of another type than the table's, naming graph, block, operation and types", async () => {
    const { verdict } = await kit();
    expect(verdict(one("  b = int_add(a, x)\n  return b"))).toBe("internal error: LL graph f: block0: b_4: Signed = int_add(a_0, x_3): operand 2 is Float, int_add takes Signed");
    expect(verdict(one("  b: Bool = float_lt(a, x)\n  return 0"))).toBe("internal error: LL graph f: block0: b_4: Bool = float_lt(a_0, x_3): operand 1 is Signed, float_lt takes Float");
    expect(verdict(one("  b = getarraylength(a)\n  return b"))).toBe("internal error: LL graph f: block0: b_4: Signed = getarraylength(a_0): operand 1 is Signed, getarraylength takes a pointer");
    expect(verdict(one("  b = cast_char_to_int(a)\n  return b"))).toBe("internal error: LL graph f: block0: b_4: Signed = cast_char_to_int(a_0): operand 1 is Signed, cast_char_to_int takes Char");
  });

  it("rejects a result of another type than the table's", async () => {
    const { verdict } = await kit();
    expect(verdict(one("  b: Float = int_add(a, 1)\n  return 0"))).toBe("internal error: LL graph f: block0: b_4: Float = int_add(a_0, 1): the result is Float, int_add gives Signed");
    expect(verdict(one("  b: Signed = int_lt(a, 1)\n  return b"))).toBe("internal error: LL graph f: block0: b_4: Signed = int_lt(a_0, 1): the result is Signed, int_lt gives Bool");
    expect(verdict(one("  b: Float = same_as(a)\n  return 0"))).toBe("internal error: LL graph f: block0: b_4: Float = same_as(a_0): the result is Float, same_as gives Signed there");
  });

  it("holds fields and items to the struct's and the array's types", async () => {
    const { verdict } = await kit();
    expect(verdict(one('  setfield(p, "x", x)\n  return 0'))).toBe('internal error: LL graph f: block0: v_4: Void = setfield(p_1, "x", x_3): operand 3 is Float, field x of point is Signed');
    expect(verdict(one('  b: Float = getfield(p, "flag")\n  return 0'))).toBe('internal error: LL graph f: block0: b_4: Float = getfield(p_1, "flag"): the result is Float, field flag of point is Bool');
    expect(verdict(one('  b: Signed = getfield(p, "nothing")\n  return b'))).toBe('internal error: LL graph f: block0: b_4: Signed = getfield(p_1, "nothing"): the result is Signed, but point has no field nothing');
    expect(verdict(one("  arr: Ptr(ints) = malloc_varsize(ints, 2)\n  setarrayitem(arr, 0, c)\n  return 0"))).toBe(
      "internal error: LL graph f: block0: v_5: Void = setarrayitem(arr_4, 0, c_2): operand 3 is Char, an item of ints is Signed",
    );
    expect(verdict(one("  by: Ptr(bytes) = malloc_varsize(bytes, 2)\n  b: Uint8 = getarrayitem(by, 0)\n  return 0"))).toBe(
      "internal error: LL graph f: block0: b_5: Uint8 = getarrayitem(by_4, 0): the result is Uint8, an item of bytes is Signed",
    );
    expect(verdict(one('  s: Ptr(text) = malloc_varsize(text, 2)\n  setinteriorfield(s, "hash", 0, c)\n  return 0'))).toBe(
      'internal error: LL graph f: block0: v_5: Void = setinteriorfield(s_4, "hash", 0, c_2): operand 4 is Char, but field hash is not an array',
    );
  });

  it("wants constants where the table says name, type or fn", async () => {
    const { verdict } = await kit();
    expect(verdict(one("  b: Signed = getfield(p, a)\n  return b"))).toBe("internal error: LL graph f: block0: b_4: Signed = getfield(p_1, a_0): operand 2 is Signed, getfield takes a constant field name");
    expect(verdict(one("  o: Ptr(other) = malloc(a)\n  return 0"))).toBe("internal error: LL graph f: block0: o_4: Ptr(other) = malloc(a_0): operand 1 is Signed, malloc takes a constant LL type");
    expect(verdict(one("  o: Ptr(point) = malloc(other)\n  return 0"))).toBe("internal error: LL graph f: block0: o_4: Ptr(point) = malloc(other): the result is Ptr(point), malloc gives Ptr(other) there");
    expect(verdict(one("  o: Ptr(point) = cast_pointer(Ptr(point3), p)\n  return 0"))).toBe(
      "internal error: LL graph f: block0: o_4: Ptr(point) = cast_pointer(Ptr(point3), p_1): the result is Ptr(point), cast_pointer gives Ptr(point3) there",
    );
  });

  it("holds a call to its function's type: the function, the arguments and the result", async () => {
    const { verdict } = await kit();
    expect(verdict(one("  r: Float = direct_call(<fn helper>, x, p)\n  return 0"))).toBe(
      "internal error: LL graph f: block0: r_4: Float = direct_call(<fn helper>, x_3, p_1): operand 2 is Float, the function's parameter 1 is Signed",
    );
    expect(verdict(one("  r: Float = direct_call(<fn helper>, a)\n  return 0"))).toBe("internal error: LL graph f: block0: r_4: Float = direct_call(<fn helper>, a_0): the function takes 2 arguments, direct_call passes 1");
    expect(verdict(one("  r: Signed = direct_call(<fn helper>, a, p)\n  return r"))).toBe("internal error: LL graph f: block0: r_4: Signed = direct_call(<fn helper>, a_0, p_1): the result is Signed, the function returns Float");
    expect(verdict(one("  g: Ptr(Func(Signed, Ptr(point)) -> Float) = same_as(<fn helper>)\n  r: Float = direct_call(g, a, p)\n  return 0"))).toBe(
      "internal error: LL graph f: block0: r_5: Float = direct_call(g_4, a_0, p_1): operand 1 is Ptr(Func(Signed, Ptr(point)) -> Float), direct_call takes a function constant",
    );
    expect(verdict(one("  r: Float = indirect_call(p, a)\n  return 0"))).toBe("internal error: LL graph f: block0: r_4: Float = indirect_call(p_1, a_0): operand 1 is Ptr(point), indirect_call takes a function pointer");
  });

  it("rejects a wrong number of operands", async () => {
    const { parse, checkLLGraph, LLConstant, Signed } = await kit();
    const [graph] = parse(one("  b = int_add(a, 1)\n  return b"));
    graph.startblock.operations[0].args.push(new LLConstant(2, Signed));
    expect(() => checkLLGraph(graph)).toThrow(new Error("internal error: LL graph f: block0: b_4: Signed = int_add(a_0, 1, 2): int_add takes 2 operands, has 3"));
    graph.startblock.operations[0].args.splice(0);
    expect(() => checkLLGraph(graph)).toThrow(new Error("internal error: LL graph f: block0: b_4: Signed = int_add(): int_add takes 2 operands, has 0"));
  });

  it("checks exitswitches: Bool with exits false then true, Signed or Char with integer cases and a default last", async () => {
    const { verdict, parse, checkLLGraph } = await kit();
    const [twice] = parse(one("  switch a:\n    1 -> return 1\n    2 -> return 2\n    default -> return 0"));
    twice.startblock.exits[1].exitcase = 1;
    expect(() => checkLLGraph(twice)).toThrow(new Error("internal error: LL graph f: block0: the exitswitch a_0 has the case 1 twice"));
    expect(verdict(one("  switch x:\n    1 -> return 1\n    default -> return 0"))).toBe("internal error: LL graph f: block0: the exitswitch x_3 is Float, a switch is Bool, Signed or Char");
    expect(verdict(one("  b = int_lt(a, 1)\n  switch b:\n    true -> return 1\n    false -> return 0"))).toBe("internal error: LL graph f: block0: the exitswitch b_4 is Bool: its exits are false then true, not true, false");
    expect(verdict(one("  switch c:\n    default -> return 1\n    98 -> return 0"))).toBe("internal error: LL graph f: block0: the exitswitch c_2 is Char: exit 1's case is default, not an integer (or a default last)");
    expect(verdict(one("  switch a:\n    1 -> return 1\n    2 -> return 0"))).toBe("ok");
  });

  it("wants the caught exception of the graph's exception type, or a pointer to a struct extending it, after an operation that can raise", async () => {
    const { verdict } = await kit();
    const call = "  r: Float = direct_call(<fn helper>, a, p)\n  ok -> return 0\n";
    expect(verdict(one(`${call}  catch e -> raise e`))).toBe("ok");
    expect(verdict(one(`${call}  catch e: Ptr(inst_Oops) -> return 1`))).toBe("ok");
    expect(verdict(one(`${call}  catch e: Ptr(other) -> return 1`))).toBe(
      "internal error: LL graph f: block0: the caught exception e_5 is Ptr(other), not the graph's exception type Ptr(object) or a pointer to a struct extending it",
    );
    expect(verdict(one(`${call}  catch e: Signed -> return e`))).toBe(
      "internal error: LL graph f: block0: the caught exception e_5 is Signed, not the graph's exception type Ptr(object) or a pointer to a struct extending it",
    );
    expect(verdict(one("  b = int_add(a, 1)\n  ok -> return b\n  catch e -> raise e"))).toBe(
      "internal error: LL graph f: block0: the exitswitch is LAST_EXCEPTION, but the block's last operation (int_add) cannot raise",
    );
  });

  it("still checks the links: the values passed against the target's input types", async () => {
    const { verdict } = await kit();
    expect(verdict(one("  return x"))).toBe("internal error: LL graph f: block0: the exit to return: a link passes Float where Signed is expected");
  });
});

describe("the LL graph verifier over a translation", () => {
  // The passes of `rts translate --opt 2` (src/translator/passes.ts, run as the driver runs them),
  // each followed by the verifier on every graph it changed, after the verifier on every graph
  // reachable from the roots as the rtyper made them: the program's own graphs, the runtime
  // helpers and the collector's. A program with a class, a switch dispatch loop, an exception
  // caught and function values called through pointers.
  it("passes every graph of a program after each stage of translation", { timeout: 60_000 }, async () => {
    const { loadProgram } = await dist("frontend/modules.js");
    const { Annotator } = await dist("annotator/annotator.js");
    const { lowerForNative } = await dist("translator/lower.js");
    const passes = await dist("translator/passes.js");
    const { reachableGraphs } = await dist("llir/llgraph.js");
    const { repoRoot } = await import("../helpers/run-rts.ts");
    const program = await loadProgram(`${repoRoot}/tests/fixtures/llir/verified.ts`, true, true);
    const annotator = new Annotator(program);
    annotator.annotateMain();
    expect(annotator.errors).toEqual([]);
    const { roots, context } = lowerForNative(program, annotator);
    // The graphs verified after each stage: the graph passes and string builders make up the optimisation.
    const STAGES: Record<string, string> = { "native-ops": "native operations", "stack-checks": "stack checks", exceptions: "exceptions", gc: "GC" };
    const checked: Record<string, number> = { rtyping: reachableGraphs(roots).length };
    const after = (pass: Any, graphs: Any[]) => {
      const stage = pass.phase === "optimisation" ? "optimisation" : STAGES[pass.name]!;
      checked[stage] = (checked[stage] ?? 0) + graphs.length;
    };
    passes.runPasses(passes.passesFor("native", true), roots, context, { verify: true, after });
    expect(Object.keys(checked)).toEqual(["rtyping", "optimisation", "native operations", "stack checks", "exceptions", "GC"]);
    for (const count of Object.values(checked)) expect(count).toBeGreaterThan(50);
    // What the stages make is there to verify: catches before the exception transform, roots after the GC's.
    const opnames = new Set((reachableGraphs(roots) as Any[]).flatMap((g) => g.iterBlocks().flatMap((b: Any) => b.operations.map((o: Any) => o.opname))));
    for (const opname of ["indirect_call", "gc_save_root", "stack_check", "malloc", "cast_pointer"]) expect(opnames).toContain(opname);
  });
});
