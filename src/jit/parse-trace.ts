/**
 * The parser of trace text (RPython's rpython/jit/tool/oparser.py): what src/runtime/jit/print-trace.ts writes,
 * and what tests write by hand.
 *
 *     # a comment
 *     [i0, p1]
 *     i2 = int_add(i0, 1)
 *     guard_true(i2, descr=faildescr) [i0, p1]
 *     setfield_gc(p1, i2, descr=valuedescr)
 *     jump(i2, p1, descr=loop)
 *
 * Descriptors are named: `descr=name` takes the descriptor of that name from the namespace the
 * caller gives (oparser's namespace), which must be of the kind the operation takes. Names not
 * in the namespace are allowed where the descriptor carries no layout: a guard's fail
 * descriptor, a label's or jump's target token, a finish's final descriptor are made by the
 * parser, one per distinct name (a guard written without descr gets a fresh one). Constants as
 * print-trace.ts writes them; `ConstPtr(name)` and `ConstClass(name)` take the address from the
 * namespace. RPython log prefixes (`+123: `) are skipped.
 *
 * Toolchain TypeScript (tests and tools; the JIT's runtime never reads trace text). Errors are
 * LLParseError (the LL text's cursor): file:line:column, the message, and a frame of the line.
 */

import { LLTextCursor, type Pos } from "../llir/parse-llgraph-cursor.js";
import {
  type AbstractValue,
  ArrayDescr,
  CallDescr,
  ConstFloat,
  ConstInt,
  ConstPtr,
  ConstText,
  Descr,
  FailDescr,
  FieldDescr,
  FinalDescr,
  InputArg,
  ResOperation,
  SizeDescr,
  TargetToken,
  Trace,
} from "../runtime/jit/history.js";
import { findOpnum, RESOPS, type ResOpInfo } from "../runtime/jit/resoperation.js";

/** Descriptors by name, and addresses (of ConstPtr and ConstClass) by name. */
export type TraceNamespace = Readonly<Record<string, Descr | number>>;

const KIND_OF_LETTER: Readonly<Record<string, string>> = { i: "i", p: "r", f: "f" };
const VALUE_NAME = /^([ipf])(\d+)\b/;
const NUMBER = /^[-+]?(?:\d+\.\d*(?:[eE][-+]?\d+)?|\d+[eE][-+]?\d+|\.\d+(?:[eE][-+]?\d+)?|0x[0-9a-fA-F]+|\d+|nan\b|inf\b)/;

const DESCR_CLASS: Readonly<Record<string, { readonly cls: abstract new (...args: never[]) => Descr; readonly what: string }>> = {
  field: { cls: FieldDescr, what: "a field descriptor" },
  array: { cls: ArrayDescr, what: "an array descriptor" },
  size: { cls: SizeDescr, what: "a size descriptor" },
  call: { cls: CallDescr, what: "a call descriptor" },
  fail: { cls: FailDescr, what: "a fail descriptor" },
  target: { cls: TargetToken, what: "a target token" },
  final: { cls: FinalDescr, what: "a final descriptor" },
};

/** Parses trace text; file names the text in errors. */
export function parseTrace(text: string, namespace: TraceNamespace = {}, file = "<trace>"): Trace {
  return new TraceParser(text, file, namespace).parse();
}

class TraceParser extends LLTextCursor {
  private readonly namespace: TraceNamespace;
  private readonly values = new Map<string, AbstractValue>();
  /** Descriptors the parser made (fail, target, final), by name. */
  private readonly made = new Map<string, Descr>();
  private readonly trace = new Trace();
  private guards = 0;
  private finals = 0;
  private maxNumber = -1;

  constructor(text: string, file: string, namespace: TraceNamespace) {
    super(text, file);
    this.namespace = namespace;
  }

  parse(): Trace {
    let sawInputs = false;
    for (; this.line < this.lines.length; this.line++) {
      this.col = 0;
      this.skipPrefix();
      if (this.atEnd() || this.rest.startsWith("#")) continue;
      if (!sawInputs) {
        this.inputArgs();
        sawInputs = true;
      } else {
        this.operation();
      }
    }
    if (!sawInputs) {
      this.line = Math.max(0, this.lines.length - 1);
      this.col = this.lines[this.line]!.length;
      this.fail("expected the input arguments ('[i0, p1]'), found the end of the text");
    }
    this.trace.nextNumber = this.maxNumber + 1;
    return this.trace;
  }

  /** A log's `+123: ` offset before an operation. */
  private skipPrefix(): void {
    this.skipSpaces();
    const m = /^\+\d+:\s*/.exec(this.rest);
    if (m) this.col += m[0].length;
  }

  private inputArgs(): void {
    this.expect("[", "the input arguments ('[i0, p1]')");
    if (!this.eat("]")) {
      do {
        const at = this.here0();
        const { kind, number, name } = this.valueName("an input argument ('i0', 'p1', 'f2')");
        const arg = new InputArg(kind, number);
        this.define(name, arg, at);
        this.trace.inputArgs.push(arg);
      } while (this.eat(","));
      this.expect("]", "',' or ']'");
    }
    this.endOfLine();
  }

  private operation(): void {
    this.skipSpaces();
    const start = this.here();
    let result: { kind: string; number: number; name: string } | undefined;
    if (/^[ipf]\d+\s*=/.test(this.rest)) {
      result = this.valueName("a result");
      this.expect("=");
    }
    this.skipSpaces();
    const nameAt = this.here();
    const opname = this.ident("an operation");
    const opnum = findOpnum(opname);
    if (opnum < 0) this.fail(`unknown resoperation '${opname}'`, nameAt);
    const info = RESOPS[opnum]!;
    if (info.result === "n" && result) this.fail(`${opname} has no result; write it without '${result.name} ='`, start);
    if (info.result !== "n" && !result) this.fail(`${opname} gives ${kindName(info.result)}: write its result ('${letterOf(info.result)}N = ${opname}(...)')`, start);
    if (result && KIND_OF_LETTER[result.name[0]!] !== info.result) {
      this.fail(`${opname} gives ${kindName(info.result)}, but '${result.name}' names ${kindName(KIND_OF_LETTER[result.name[0]!]!)}`, start);
    }
    this.expect("(", `'(' after ${opname}`);
    const args: AbstractValue[] = [];
    const argPositions: Pos[] = [];
    let descr: Descr | null = null;
    if (!this.eat(")")) {
      do {
        this.skipSpaces();
        if (this.rest.startsWith("descr=")) {
          this.col += "descr=".length;
          descr = this.descr(info);
          break;
        }
        argPositions.push(this.here0());
        args.push(this.argument(info));
      } while (this.eat(","));
      this.expect(")", "',' or ')'");
    }
    if (info.arity >= 0 && args.length !== info.arity) {
      this.fail(`${opname} takes ${info.arity} argument${info.arity === 1 ? "" : "s"}, found ${args.length}`, nameAt);
    }
    this.checkKinds(info, args, argPositions, descr);
    if (descr === null && info.descr !== "none") descr = this.defaultDescr(info, nameAt);
    const op = new ResOperation(opnum, args, descr, result ? result.number : -1);
    this.skipSpaces();
    if (this.rest.startsWith("[")) {
      if (!info.guard) this.fail(`only a guard has fail arguments, not ${opname}`);
      this.col++;
      op.failArgs = [];
      if (!this.eat("]")) {
        do op.failArgs.push(this.argument(info));
        while (this.eat(","));
        this.expect("]", "',' or ']'");
      }
    }
    this.endOfLine();
    if (result) {
      this.define(result.name, op, start);
      this.noteNumber(result.number);
    }
    this.trace.operations.push(op);
  }

  /** Each argument of the kind the table says (`.`: the field's or array item's kind for a store, the same kinds for guard_value). */
  private checkKinds(info: ResOpInfo, args: readonly AbstractValue[], at: readonly Pos[], descr: Descr | null): void {
    if (info.args === "*") return;
    for (let k = 0; k < args.length; k++) {
      let want = info.args[k]!;
      if (want === ".") {
        want = info.name === "guard_value" ? args[0]!.kind : descr instanceof FieldDescr ? descr.kind : descr instanceof ArrayDescr ? descr.itemKind : "";
      }
      const kind = args[k]!.kind;
      if (want !== "" && kind !== want) {
        this.fail(`argument ${k + 1} of ${info.name} must be ${kindName(want)}, found ${kindName(kind)}`, at[k]);
      }
      if (kind === "n") this.fail(`argument ${k + 1} of ${info.name} must be a value`, at[k]);
    }
  }

  /** The descriptor an operation gets when the text names none. */
  private defaultDescr(info: ResOpInfo, at: Pos): Descr {
    if (info.descr === "fail") return this.madeDescr("fail", `<Guard${this.guards}>`);
    if (info.descr === "final") return this.madeDescr("final", `<Finish${this.finals}>`);
    if (info.descr === "target" && info.name === "jump") return this.fail("jump needs its target: descr=<the label's token>", at);
    if (info.descr === "target") return this.fail("label needs its token: descr=name", at);
    return this.fail(`${info.name} needs ${DESCR_CLASS[info.descr]!.what}: descr=name`, at);
  }

  private descr(info: ResOpInfo): Descr {
    const { text, at } = this.span(",)");
    if (text === "") this.fail("expected a descriptor's name after 'descr='", at);
    if (info.descr === "none") this.fail(`${info.name} takes no descriptor`, at);
    const expected = DESCR_CLASS[info.descr]!;
    const named = Object.hasOwn(this.namespace, text) ? this.namespace[text] : undefined;
    if (named instanceof Descr) {
      if (!(named instanceof expected.cls)) this.fail(`${info.name} takes ${expected.what}, but '${text}' is a ${(named as Descr).constructor.name}`, at);
      return named;
    }
    if (info.descr === "fail" || info.descr === "target" || info.descr === "final") {
      const made = this.made.get(text);
      if (made && !(made instanceof expected.cls)) this.fail(`'${text}' is already a ${(made as Descr).constructor.name}, not ${expected.what}`, at);
      return this.madeDescr(info.descr, text);
    }
    const known = Object.keys(this.namespace).filter((k) => this.namespace[k] instanceof expected.cls);
    return this.fail(`unknown descriptor '${text}': ${info.name} takes ${expected.what}${known.length ? ` (the namespace has ${known.join(", ")})` : " and the namespace has none"}`, at);
  }

  private madeDescr(kind: "fail" | "target" | "final", name: string): Descr {
    const existing = this.made.get(name);
    if (existing) return existing;
    const descr = kind === "fail" ? new FailDescr(name, this.guards++) : kind === "final" ? new FinalDescr(name, this.finals++) : new TargetToken(name);
    this.made.set(name, descr);
    return descr;
  }

  private argument(info: ResOpInfo): AbstractValue {
    this.skipSpaces();
    const at = this.here();
    const rest = this.rest;
    if (VALUE_NAME.test(rest)) {
      const { name } = this.valueName("a value");
      const value = this.values.get(name);
      if (!value) this.fail(`'${name}' is not defined before this line`, at);
      return value;
    }
    if (rest.startsWith("'")) {
      if (info.name !== "debug_merge_point") this.fail(`a string constant is only allowed in debug_merge_point, not in ${info.name}`, at);
      return new ConstText(this.quotedText());
    }
    if (this.eat("NULL")) return new ConstPtr(0, "");
    for (const [prefix, make] of [
      ["ConstPtr(", (value: number, name: string) => new ConstPtr(value, name)],
      ["ConstClass(", (value: number, name: string) => new ConstInt(value, name)],
    ] as const) {
      if (!rest.startsWith(prefix)) continue;
      this.col += prefix.length;
      const { text, at: nameAt } = this.span(")");
      this.expect(")");
      if (/^\d+$/.test(text)) return make(Number(text), "");
      const address = Object.hasOwn(this.namespace, text) ? this.namespace[text] : undefined;
      if (typeof address !== "number") this.fail(`unknown constant '${text}': the namespace gives no address of that name`, nameAt);
      return make(address, text);
    }
    const m = NUMBER.exec(rest) ?? /^-inf\b/.exec(rest);
    if (!m) return this.expected("an argument (a value such as 'i0', a constant, or 'descr=')");
    this.col += m[0].length;
    const literal = m[0];
    if (/^[-+]?(\d+|0x[0-9a-fA-F]+)$/.test(literal)) {
      const n = Number(literal.replace(/^\+/, ""));
      if (!Number.isSafeInteger(n)) this.fail(`the integer ${literal} is beyond the integers a trace keeps exact (2^53)`, at);
      return new ConstInt(n, "");
    }
    if (literal === "nan") return new ConstFloat(NaN);
    if (literal === "inf") return new ConstFloat(Infinity);
    if (literal === "-inf") return new ConstFloat(-Infinity);
    return new ConstFloat(Number(literal));
  }

  /** A single-quoted string with \\, \' and \n escapes. */
  private quotedText(): string {
    const line = this.lines[this.line]!;
    let out = "";
    let i = this.col + 1;
    for (; i < line.length && line[i] !== "'"; i++) {
      if (line[i] === "\\") {
        i++;
        const c = line[i];
        out += c === "n" ? "\n" : (c ?? "");
      } else {
        out += line[i];
      }
    }
    if (i >= line.length) this.fail("the string is not closed by \"'\"");
    this.col = i + 1;
    return out;
  }

  private valueName(what: string): { kind: string; number: number; name: string } {
    this.skipSpaces();
    const m = VALUE_NAME.exec(this.rest);
    if (!m) return this.expected(what);
    this.col += m[0].length;
    return { kind: KIND_OF_LETTER[m[1]!]!, number: Number(m[2]), name: m[0] };
  }

  private define(name: string, value: AbstractValue, at: Pos): void {
    if (this.values.has(name)) this.fail(`'${name}' is defined twice`, at);
    this.values.set(name, value);
    this.noteNumber(value.number);
  }

  private noteNumber(n: number): void {
    if (n > this.maxNumber) this.maxNumber = n;
  }

  private here0(): Pos {
    this.skipSpaces();
    return this.here();
  }
}

function kindName(kind: string): string {
  return kind === "i" ? "an integer" : kind === "r" ? "a reference" : kind === "f" ? "a float" : "a string";
}

function letterOf(kind: string): string {
  return kind === "r" ? "p" : kind;
}
