// The parser of LL text (src/llir/parse-llgraph.ts) on text written by hand: declarations,
// links, exception exits, switches, constants of every kind the printer writes, and errors
// reported with their line and column (never a crash of the parser, on any mangled text).

import { describe, expect, it } from "vitest";
import { dist } from "../rtyper/opt-lowering.ts";

type Any = any; // values of the compiled toolchain

async function kit() {
  const { parseLLGraphs, LLParseError } = await dist("llir/parse-llgraph.js");
  const { printLLGraph } = await dist("llir/print-llgraph.js");
  const { checkLLGraph } = await dist("llir/checkllgraph.js");
  const { OBJECT, OBJECT_VTABLE } = await dist("rtyper/rclass.js");
  const lltype = await dist("llir/lltype.js");
  const llgraph = await dist("llir/llgraph.js");
  const env = { types: new Map<string, Any>([["object", OBJECT], ["object_vtable", OBJECT_VTABLE], ["STR", lltype.STR]]), exceptionType: lltype.Ptr(OBJECT) };
  const parse = (text: string, environment: Any = env): Any[] => parseLLGraphs(text, environment, "test.ll");
  const print = (graphs: Any[]) => graphs.map(printLLGraph).join("");
  /** The error parsing text gives: `line:column: message` without the file and frame. */
  const error = (text: string, environment: Any = env): string => {
    try {
      parse(text, environment);
    } catch (e) {
      if (!(e instanceof LLParseError)) throw e;
      const err = e as Any;
      expect(err.message.startsWith(`test.ll:${err.line}:${err.column}: `)).toBe(true);
      return `${err.line}:${err.column}: ${err.message.split("\n")[0].replace(/^test\.ll:\d+:\d+: /, "")}`;
    }
    throw new Error("parsed without error");
  };
  return { parse, print, error, checkLLGraph, LLParseError, env, ...lltype, ...llgraph };
}

/** A text of the printer's form: a loop, a call with exception exits, a switch. */
const PRINTED = `graph loop(n_0: Signed, s_1: Ptr(STR)) -> Signed
block0(n_0: Signed, s_1: Ptr(STR)):
  goto block1(n_0, 0, s_1)
block1(i_2: Signed, acc_3: Signed, s_4: Ptr(STR)):
  more_5: Bool = int_gt(i_2, 0)  @3:9
  if more_5 then block2(i_2, acc_3, s_4) else return acc_3
block2(i_6: Signed, acc_7: Signed, s_8: Ptr(STR)):
  length_9: Signed = getinteriorarraysize(s_8, "chars")  @4:12
  v_10: Void = check_index(0, length_9)  @4:12
  c_11: Char = getinteriorfield(s_8, "chars", 0)  @4:12
  switch c_11:
    97 -> block3(i_6, acc_7, s_8)
    98 -> block4(i_6, acc_7, s_8)
    default -> block4(i_6, acc_7, s_8)
block3(i_12: Signed, acc_13: Signed, s_14: Ptr(STR)):
  r_15: Signed = direct_call(<fn step>, acc_13)  @5:20
  ok -> block4(i_12, r_15, s_14)
  catch caught_16 -> block5(caught_16)
block4(i_17: Signed, acc_18: Signed, s_19: Ptr(STR)):
  k_20: Signed = int_sub(i_17, 1)  @6:5
  goto block1(k_20, acc_18, s_19)
block5(e_21: Ptr(object)):
  raise e_21
graph step(x_0: Signed) -> Signed
block0(x_0: Signed):
  v_1: Signed = int_add_ovf(x_0, 1)  @9:10
  return v_1
`;

/** Declarations and constants of every kind. */
const CONSTANTS = `struct node gc { value: Signed, weight: Float, flag: Bool, letter: Char, next: Ptr(node) }
func ext(Ptr(node), Char, Float) -> Void
prebuilt <n1>: node = { value: -3, weight: 0.5, flag: true, letter: 65, next: null }
graph consts(p_0: Ptr(node)) -> Float
block0(p_0: Ptr(node)):
  v_1: Void = setfield(p_0, "value", 1152921504606846976)
  v_2: Void = setfield(p_0, "weight", -0.0)
  v_3: Void = setfield(p_0, "flag", false)
  v_4: Void = setfield(p_0, "letter", 97)
  v_5: Void = setfield(p_0, "next", null)
  v_6: Void = setfield(p_0, "next", <n1>)
  q_7: Ptr(node) = cast_pointer(Ptr(node), p_0)
  m_8: Ptr(node) = malloc(node)
  v_9: Void = direct_call(<fn ext>, m_8, 10, 1e+21)
  v_10: Void = debug_fatal("a \\"quoted\\" message")
  v_11: Void = debug_fatal(void)
  v_12: Signed = direct_call(<fn size>, <str "text">)
  a_13: Float = float_add(NaN, Infinity)
  b_14: Float = float_add(a_13, -Infinity)
  c_15: Float = float_add(b_14, 2.0)
  goto block1(q_7, 66, 1.5, true, -7)
block1(q_16: Ptr(node), c_17: Char, f_18: Float, b_19: Bool, n_20: Signed):
  return f_18
graph size(s_0: Ptr(STR)) -> Signed
block0(s_0: Ptr(STR)):
  n_1: Signed = getinteriorarraysize(s_0, "chars")
  return n_1
`;

describe("the LL text parser", () => {
  it("parses the printer's form back to the same text: links, exception exits, switches, calls between graphs", async () => {
    const { parse, print, checkLLGraph, LL_LAST_EXCEPTION, LL_CATCH, LL_DEFAULT } = await kit();
    const graphs = parse(PRINTED);
    expect(print(graphs)).toBe(PRINTED);
    graphs.forEach(checkLLGraph);
    const [loop, step] = graphs;
    const blocks = loop.iterBlocks();
    const call = blocks.find((b: Any) => b.exitswitch === LL_LAST_EXCEPTION);
    expect(call.exits.map((l: Any) => l.exitcase)).toEqual([null, LL_CATCH]);
    expect(String(call.exits[1].caught.type)).toBe("Ptr(object)");
    const sw = blocks.find((b: Any) => b.exits.length === 3);
    expect(String(sw.exitswitch.type)).toBe("Char");
    expect(sw.exits.map((l: Any) => l.exitcase)).toEqual([97, 98, LL_DEFAULT]);
    // The call's function is the graph parsed from the same text.
    expect(call.operations[0].args[0].value.graph).toBe(step);
    expect(String(call.operations[0].args[0].type)).toBe("Ptr(Func(Signed) -> Signed)");
    expect(call.operations[0].pos).toEqual({ file: "test.ll", line: 5, column: 20 });
  });

  it("reads constants of every kind the printer writes, with the type of where they stand", async () => {
    const { parse, print, checkLLGraph } = await kit();
    const text = CONSTANTS;
    const graphs = parse(text);
    expect(print(graphs)).toBe(text.slice(text.indexOf("graph consts")));
    graphs.forEach(checkLLGraph);
    const ops = graphs[0].startblock.operations;
    const typeOf = (i: number, j: number) => String(ops[i].args[j].type);
    expect([typeOf(0, 2), typeOf(1, 2), typeOf(2, 2), typeOf(3, 2), typeOf(4, 2), typeOf(5, 2)]).toEqual(["Signed", "Float", "Bool", "Char", "Ptr(node)", "Ptr(node)"]);
    expect(Object.is(ops[1].args[2].value, -0)).toBe(true);
    expect(ops[0].args[2].value).toBe(2 ** 60);
    expect([typeOf(6, 0), typeOf(0, 1)]).toEqual(["Void", "Void"]); // a type and a field name
    expect([typeOf(8, 2), typeOf(8, 3)]).toEqual(["Char", "Float"]); // a call's arguments: the function's parameters
    expect(ops[9].args[0].value).toBe('a "quoted" message');
    const str = ops[11].args[1];
    expect(String(str.type)).toBe("Ptr(STR)");
    expect(str.value.items.map((c: Any) => c.value)).toEqual([...'text'].map((c) => c.charCodeAt(0)));
    expect(Number.isNaN(ops[12].args[0].value)).toBe(true);
    const link = graphs[0].startblock.exits[0];
    expect(link.args.slice(1).map((a: Any) => String(a.type))).toEqual(["Char", "Float", "Bool", "Signed"]);
    // The prebuilt object's fields, typed by the struct.
    const n1 = ops[5].args[2].value;
    expect([...n1.fields].map(([k, c]: Any) => `${k}=${String(c.value)}:${String(c.type)}`)).toEqual(["value=-3:Signed", "weight=0.5:Float", "flag=true:Bool", "letter=65:Char", "next=null:Ptr(node)"]);
  });

  it("reads declarations: structs nesting a base, arrays of fixed size, functions, prebuilt arrays", async () => {
    const { parse, print, computeLayout } = await kit();
    const graphs = parse(`# types
struct base gc { id: Signed }
struct "derived thing" gc {
  super: base,
  items: Ptr(ints),
  buf: bytes
}
array ints gc of Signed
array bytes of Uint8 length 16
prebuilt <primes>: ints = [2, 3, 5]
graph g(d: Ptr(derived thing)) -> Signed
start(d: Ptr(derived thing)):
  b: Ptr(base) = cast_pointer(Ptr(base), d)
  id: Signed = getfield(b, "id")
  n = getarraylength(<primes>)
  x: Signed = getarrayitem(<primes>, 1)
  s = int_add(id, n)
  r = int_add(s, x)
  return r
`);
    const d = graphs[0].startblock.inputargs[0].type.to;
    expect(d.name).toBe("derived thing");
    expect(d.fields.map((f: Any) => `${f.name}: ${String(f.type)}`)).toEqual(["super: base", "items: Ptr(ints)", "buf: bytes"]);
    expect(d.fields[2].type.fixedLength).toBe(16);
    expect(computeLayout(d).offsets.get("super.id")).toBe(8);
    expect(print(graphs)).toContain("id_2: Signed = getfield(b_1, \"id\")");
  });

  it("takes a caught exception's type as written, and a graph's exception type from the environment", async () => {
    const { parse, print } = await kit();
    const text = `struct inst_Error gc { super: object }
graph g(n_0: Signed) -> Signed
block0(n_0: Signed):
  r_1: Signed = direct_call(<fn g>, n_0)
  ok -> return r_1
  catch e_2: Ptr(inst_Error) -> return -1
`;
    const [g] = parse(text);
    expect(print([g])).toBe(text.slice(text.indexOf("graph")));
    expect(String(g.startblock.exits[1].caught.type)).toBe("Ptr(inst_Error)");
    expect(String(g.exceptblock.inputargs[0].type)).toBe("Ptr(object)");
  });

  it("writes a constant's type where its place does not imply it, and reads it back", async () => {
    const { parse, print, checkLLGraph } = await kit();
    const text = `struct node gc { value: Signed }
graph g(p: Ptr(node)) -> Void
block0(p: Ptr(node)):
  jit_merge_point("driver", 2, 65: Char, 2.5, 3, null: Ptr(node), true, p)
  check_nonnull(null: Ptr(node))
  z = int_add(7, true: Bool)
  return void
`;
    const graphs = parse(text);
    // int_add takes no Bool: the verifier rejects what the parser reads as written.
    expect(() => checkLLGraph(graphs[0])).toThrow("z_3: Signed = int_add(7, true): operand 2 is Bool, int_add takes Signed");
    const printed = print(graphs);
    expect(printed).toBe(`graph g(p_0: Ptr(node)) -> Void
block0(p_0: Ptr(node)):
  v_1: Void = jit_merge_point("driver", 2, 65: Char, 2.5, 3, null: Ptr(node), true, p_0)
  v_2: Void = check_nonnull(null: Ptr(node))
  z_3: Signed = int_add(7, true: Bool)
  return void
`);
    const args = graphs[0].startblock.operations[0].args.map((a: Any) => String(a.type));
    expect(args).toEqual(["Void", "Signed", "Char", "Float", "Signed", "Ptr(node)", "Bool", "Ptr(node)"]);
    expect(print(parse(`struct node gc { value: Signed }\n${printed}`))).toBe(printed);
  });

  it("gives a result written without its type the table's type, or the type of the field or item read", async () => {
    const { parse, print, error } = await kit();
    const text = `struct node gc { flag: Bool, next: Ptr(node), chars: Array(Char) }
array bytes gc of Uint8
array "Array(Char)" of Char
graph g(p: Ptr(node), b: Ptr(bytes)) -> Signed
block0(p: Ptr(node), b: Ptr(bytes)):
  f = getfield(p, "flag")
  n = getfield(p, "next")
  q = same_as(n)
  c = getinteriorfield(q, "chars", 0)
  x = getarrayitem(b, 0)
  s = int_add(x, 1)
  return s
`;
    expect(print(parse(text))).toContain(
      [
        "  f_2: Bool = getfield(p_0, \"flag\")",
        "  n_3: Ptr(node) = getfield(p_0, \"next\")",
        "  q_4: Ptr(node) = same_as(n_3)",
        "  c_5: Char = getinteriorfield(q_4, \"chars\", 0)",
        "  x_6: Signed = getarrayitem(b_1, 0)",
      ].join("\n"),
    );
    const g = (body: string) => `struct node gc { flag: Bool }\nprebuilt <n>: node = {}\ngraph f(p: Ptr(node)) -> Signed\nblock0(p: Ptr(node)):\n${body}\n  return 0\n`;
    expect(error(g("  f = getfield(<n>, \"flag\")"))).toBe("5:3: getfield gives a value of any type: write the result's type (`f: Type = ...`)");
    expect(error(g("  f = getfield(p, \"nothing\")"))).toBe("5:3: getfield gives a value of any type: write the result's type (`f: Type = ...`)");
  });

  it("reads a catch exit without a caught variable (`catch ?`)", async () => {
    const { parse, print, checkLLGraph, LL_CATCH } = await kit();
    const text = `graph g(n_0: Signed) -> Signed
block0(n_0: Signed):
  r_1: Signed = direct_call(<fn g>, n_0)
  ok -> return r_1
  catch ? -> return 0
`;
    const graphs = parse(text);
    expect(print(graphs)).toBe(text);
    checkLLGraph(graphs[0]);
    const exit = graphs[0].startblock.exits[1];
    expect([exit.exitcase, exit.caught]).toEqual([LL_CATCH, null]);
  });

  it("prints a switch on Bool whose exits are not (false, true) as a switch, and reads it back", async () => {
    const { parse, print, checkLLGraph } = await kit();
    const text = `graph b(c_0: Bool) -> Signed
block0(c_0: Bool):
  switch c_0:
    true -> return 1
    false -> return 2
`;
    const graphs = parse(text);
    expect(print(graphs)).toBe(text);
    // Not what any stage makes (a Bool switch's exits are false then true): the verifier says so.
    expect(() => checkLLGraph(graphs[0])).toThrow("the exitswitch c_0 is Bool: its exits are false then true, not true, false");
  });

  it("reports errors with their line and column and what was expected", async () => {
    const { error, env } = await kit();
    const g = (body: string) => `graph f(a: Signed) -> Signed\nblock0(a: Signed):\n${body}\n`;
    expect(error(g("  x = int_add(a, 1\n  return x"))).toBe("3:19: expected ',' or ')', found the end of the line");
    expect(error(g("  x = int_plus(a, 1)\n  return x"))).toBe("3:7: unknown LL operation 'int_plus'");
    expect(error(g("  x = int_add(a)\n  return x"))).toBe("3:7: int_add takes 2 operands, has 1");
    expect(error(g("  x: Ptr(Nothing) = same_as(a)\n  return a"))).toBe("3:10: unknown type Nothing (declare it with struct or array, or give it in the environment)");
    expect(error(g("  x: Signed = direct_call(<fn nowhere>, a)\n  return x"))).toBe("3:27: unknown function nowhere (declare it with func, or define its graph in the text)");
    expect(error(g("  x: Signed = getfield(<thing>, \"f\")\n  return x"))).toBe("3:24: unknown prebuilt object <thing> (declare it with prebuilt)");
    expect(error(g("  x = int_add(b, 1)\n  return x"))).toBe("3:15: b is not defined in this block (variables are block-local: pass it on the links)");
    expect(error(g("  goto block7(a)"))).toBe("3:8: no block block7 in this graph");
    expect(error(g("  goto block0(a, a)"))).toBe("3:8: block0 takes 1 values, is given 2");
    expect(error(g("  x = int_add(a, 1)"))).toBe("2:1: the block block0 has no exit (goto, return, raise, if, switch or ok)");
    expect(error(g("  x = int_add(a, 1)\n  x = int_add(a, 2)\n  return x"))).toBe("4:3: x is defined twice in this block");
    expect(error(g("  return a\nblock1(b: Signed):\n  return b"))).toBe("4:1: the block block1 is never reached from the graph's first block");
    expect(error(g("  z = ptr_iszero(null)\n  return a"))).toBe("3:18: null of a type nothing here tells (write `null: Ptr(T)`)");
    expect(error(g("  z = bool_not(3)\n  return a"))).toBe("3:16: the number 3 where a Bool is expected");
    expect(error(g("  z = int_add(a, 2.5)\n  return a"))).toBe("3:18: the number 2.5, not an integer, where a Signed is expected");
    expect(error(g("  z = int_add(a, 1)  @3\n  return a"))).toBe("3:23: expected a position `@line:column`, found '3'");
    expect(error(g("  if a then return 1\n"))).toBe("3:21: expected 'else', found the end of the text");
    expect(error(g("  ok -> return a"))).toBe("4:1: expected a `catch name -> target` line after `ok ->`");
    expect(error(g("  return a b"))).toBe("3:10: unknown type a b (declare it with struct or array, or give it in the environment)");
    expect(error("graph f() -> Signed\n")).toBe("1:7: graph f has no blocks");
    const hinted = (hints: string) => `graph f(a: Signed) -> Signed jit[${hints}]\nblock0(a: Signed):\n  return a\n`;
    expect(error(hinted("elidable, fast"))).toBe("1:44: unknown JIT hint 'fast' (elidable, unrollSafe, dontLookInside)");
    expect(error(hinted("elidable, elidable"))).toBe("1:44: the JIT hint 'elidable' is written twice");
    expect(error(hinted("elidable,"))).toBe("1:43: expected a JIT hint, found ']'");
    expect(error("graph f(a: Signed) -> Signed\nblock0():\n  return 1\n")).toBe("2:1: the first block's input arguments must have the graph's parameter types (Signed)");
    expect(error("hello\n")).toBe("1:1: expected `graph`, `struct`, `array`, `func` or `prebuilt`, found 'hello'");
    expect(error("struct s gc { a: Signed, a: Bool }\n")).toBe("1:26: the field a is declared twice");
    expect(error("struct s gc { a: Signed\n")).toBe("2:1: expected ',' or '}', found the end of the text");
    expect(error("struct s gc { a: Signed }\nprebuilt <p>: s = { b: 1 }\n")).toBe("2:21: s has no field b");
    expect(error("prebuilt <p>: Signed = [1]\n")).toBe("1:15: a prebuilt object is a struct or an array, not Signed");
    expect(error("array a gc of Signed length\n")).toBe("1:28: expected the array's length, found the end of the text");
    // Without the environment, the rtyper's types are unknown.
    expect(error("graph f(s: Ptr(STR)) -> Signed\nblock0(s: Ptr(STR)):\n  return 0\n", {})).toBe("1:16: unknown type STR (declare it with struct or array, or give it in the environment)");
    void env;
  });

  it("reads a graph's JIT hints after its result type and prints them back", async () => {
    const { parse, print } = await kit();
    const text = `graph f(a_0: Signed) -> Signed jit[dontLookInside, elidable]
block0(a_0: Signed):
  return a_0
graph g(a_0: Signed) -> Signed
block0(a_0: Signed):
  return a_0
`;
    const graphs = parse(text);
    expect(graphs.map((g: Any) => g.jitHints)).toEqual([["dontLookInside", "elidable"], []]);
    expect(print(graphs)).toBe(text);
  });

  it("shows the line of an error with a caret under the column", async () => {
    const { parse, LLParseError } = await kit();
    let caught: Any;
    try {
      parse("graph f() -> Signed\nblock0():\n  x = int_add(1, 2, 3)\n  return x\n");
    } catch (e) {
      caught = e;
    }
    expect(caught).toBeInstanceOf(LLParseError);
    expect(caught.message).toBe(["test.ll:3:7: int_add takes 2 operands, has 3", "  3 |   x = int_add(1, 2, 3)", "    |       ^"].join("\n"));
  });

  it("never crashes on mangled text: it parses or reports an LLParseError", async () => {
    const { parse, LLParseError } = await kit();
    // A small deterministic generator (xorshift), so a failure names its seed.
    let state = Number(process.env.LLPARSE_SEED ?? 12345);
    const random = (n: number) => {
      state ^= state << 13;
      state ^= state >>> 17;
      state ^= state << 5;
      return (state >>> 0) % n;
    };
    const pieces = ["(", ")", ",", ":", "=", "<", ">", '"', "->", " ", "\n", "@", "null", "Ptr(", "block1", "catch", "0", "-", "{", "}", "[", "]", "\\", "<str \"", "struct", "array", "Func(", "gc", "#"];
    let parsed = 0;
    for (let round = 0; round < Number(process.env.LLPARSE_ROUNDS ?? 400); round++) {
      let text = round % 2 === 0 ? PRINTED : CONSTANTS;
      for (let edits = 1 + random(3); edits > 0; edits--) {
        const at = random(text.length);
        const kind = random(3);
        if (kind === 0) text = text.slice(0, at) + text.slice(at + 1 + random(8));
        else if (kind === 1) text = text.slice(0, at) + pieces[random(pieces.length)] + text.slice(at);
        else text = text.slice(0, at);
      }
      try {
        parse(text);
        parsed++;
      } catch (e) {
        if (!(e instanceof LLParseError)) throw new Error(`round ${round}: ${(e as Error).stack}\n--- text:\n${text}`);
      }
    }
    expect(parsed).toBeLessThan(Number(process.env.LLPARSE_ROUNDS ?? 400));
  });
});
