/**
 * The random-program generator: from a seed, a well-typed RTS program (model.ts) built from a
 * typed environment, so that every program is one `rts annotate` accepts (a refusal is a bug of
 * this generator, and the runner counts it apart from differences).
 *
 * What a program has: module-level helpers (checksum mixing, string hashing, a guarded float to
 * int conversion), an exception class pair, a few classes with inheritance, overriding and
 * super calls, prebuilt objects, arrays, maps, sets and typed arrays created at import time and
 * changed at run time, module-level functions (one of them recursive), and a main made of
 * segments, each in a try/catch, each ending by printing the running checksum.
 *
 * What keeps programs deterministic and comparable in every mode:
 * - ints stay below 2^32 in magnitude: every arithmetic result goes through `| 0` or a bit
 *   operation, products of wide values are taken modulo a prime, and `/` and `%` get a divisor
 *   in 1..8; a float becomes an int only through toI (0 outside +-1e9, NaN included);
 * - no negative zero is printed: floats go through fz, and ints are never -0 (toI adds 0, which
 *   turns JavaScript's -0 from Math.floor(-0) into 0), since RTS documents that an integer has
 *   no negative zero (README, language section) where Node keeps one;
 * - indexes are masked into bounds, arrays grow only below 32 items, strings are sliced short;
 * - loops have fixed bounds in fixed text, a callable calls only callables of a lower level
 *   (so no unbounded recursion), and an estimate of the work of each call keeps the total small;
 * - containers are never changed while they are iterated;
 * - containers start with an item: a container no code ever fills has items of no type, which
 *   `rts annotate` accepts and the rtyper refuses (found by this fuzzer; seeds 1000 and 1022
 *   of its first run), and would otherwise be most of what a run finds.
 */

import { FEATURES, block, expr, stmt, type Block, type Expr, type Feature, type Part, type Program, type Stmt, type Ty } from "./model.js";
import { Random } from "./random.js";

export interface GenerateOptions {
  /**
   * Stores into fields of prebuilt objects from run-time code (on by default). The known
   * miscompile of issue 20 (such fields constant-folded at --opt 2) shows in nearly every
   * program that has them; turning them off lets a run look for other faults meanwhile.
   */
  prebuiltFieldStores?: boolean;
}

interface Var {
  name: string;
  t: Ty;
  /** A `let` that statements may assign. */
  mutable: boolean;
  /** Declared at module level (a prebuilt value). */
  prebuilt: boolean;
}

interface FieldShape {
  name: string;
  t: "int" | "float" | "bool" | "str";
}

interface MethodShape {
  name: string;
  params: Ty[];
  ret: Ty;
  level: number;
  cost: number;
}

interface ClassShape {
  name: string;
  parent: ClassShape | undefined;
  fields: FieldShape[];
  /** Methods first declared here. */
  methods: MethodShape[];
  /** Inherited methods this class overrides. */
  overrides: MethodShape[];
}

interface FuncShape {
  name: string;
  params: Ty[];
  ret: Ty;
  level: number;
  cost: number;
  recursive: boolean;
}

/** Where a statement is being generated. */
interface Ctx {
  scopes: Var[][];
  level: number;
  loopDepth: number;
  /** Iterations of the enclosing loops multiplied (the work estimate's factor). */
  mult: number;
  /** The work estimate of the body so far. */
  cost: number;
  inMain: boolean;
  /** The class whose method or constructor this is. */
  self: ClassShape | undefined;
  /** The method being written, for super calls in overrides. */
  method: MethodShape | undefined;
  /** The accumulator every body declares first. */
  acc: string;
  stmtBudget: number;
}

const COST_LIMIT = 3000;
const MAIN_COST_LIMIT = 30000;
const ALPHABET: readonly string[] = ["a", "b", "c", "x", "y", "z", "-", " ", "0", "1", "Q"];
const SCALARS: readonly Ty[] = ["int", "int", "int", "float", "bool", "str"];

/** Generates the program of a seed. */
export function generateProgram(seed: number, options: GenerateOptions = {}): Program {
  return new Generator(seed, options).program();
}

class Generator {
  private readonly r: Random;
  private readonly options: Required<GenerateOptions>;
  private nextId = 0;
  private readonly classes: ClassShape[] = [];
  private readonly funcs: FuncShape[] = [];
  private readonly globals: Var[] = [];
  private readonly seed: number;

  constructor(seed: number, options: GenerateOptions) {
    this.seed = seed;
    this.r = new Random(seed);
    this.options = { prebuiltFieldStores: options.prebuiltFieldStores ?? true };
  }

  private fresh(prefix: string): string {
    return `${prefix}${this.nextId++}`;
  }

  program(): Program {
    const top: Stmt[] = [...this.helpers()];
    this.planCallables();
    const prebuilt = this.prebuilts();
    // Bodies are written in level order, so that the work estimate of every callable a body may
    // call (each implementation of a method included) is known when the call is chosen.
    const bodies = new Map<MethodShape | FuncShape, Stmt>();
    const implementations = new Map<ClassShape, Map<MethodShape, Stmt>>();
    const tasks: { level: number; run: () => void }[] = [];
    for (const cls of this.classes) {
      const impls = new Map<MethodShape, Stmt>();
      implementations.set(cls, impls);
      for (const m of cls.overrides) tasks.push({ level: m.level, run: () => impls.set(m, this.methodDecl(cls, m, true)) });
      for (const m of cls.methods) tasks.push({ level: m.level, run: () => impls.set(m, this.methodDecl(cls, m, false)) });
    }
    for (const f of this.funcs) tasks.push({ level: f.level, run: () => bodies.set(f, this.funcDecl(f)) });
    tasks.sort((a, b) => a.level - b.level);
    for (const task of tasks) task.run();
    for (const cls of this.classes) top.push(this.classDecl(cls, implementations.get(cls)!));
    top.push(...prebuilt);
    for (const f of this.funcs) top.push(bodies.get(f)!);
    top.push(this.mainDecl());
    return { seed: this.seed, top: block(top) };
  }

  // ---- fixed helpers -------------------------------------------------------------------------

  private helpers(): Stmt[] {
    const decl = (name: string, text: string, ...features: Feature[]): Stmt => ({ ...stmt([text], ...features), decl: name });
    return [
      decl("mix", "function mix(h: number, v: number): number {\n  return (Math.imul(h, 31) + (v | 0)) | 0;\n}"),
      decl("hs", "function hs(s: string): number {\n  let h = 7;\n  for (let i = 0; i < s.length; i++) h = (Math.imul(h, 33) + s.charCodeAt(i)) | 0;\n  return h;\n}"),
      decl("toI", "function toI(f: number): number {\n  if (!(f > -1e9 && f < 1e9)) return 0;\n  return Math.floor(f) + 0;\n}"),
      decl("fz", "function fz(f: number): number {\n  return f === 0 ? 0 : f;\n}"),
      // A character of a string, its index always in range: charAt past the end is a fatal error
      // in RTS (as s[i] is), "" in JavaScript. The string is evaluated once, so that an operand
      // with side effects (or one the reducer rewrites) cannot give the length of another string.
      decl("chAt", "function chAt(s: string, i: number): string {\n  const t = \"q\" + s;\n  return t.charAt((i & 1023) % t.length);\n}"),
      // An item of an array read or written at an index always in range: the index and the value
      // are arguments, evaluated before the length is checked (an operand may pop the array;
      // writing past the end or at NaN is a fatal error in RTS, a new item in JavaScript).
      decl("arrAt", "function arrAt(a: number[], i: number): number {\n  return a.length > 0 ? a[(i & 1023) % a.length] : -1;\n}", "array"),
      decl("arrPut", "function arrPut(a: number[], i: number, v: number): void {\n  if (a.length > 0) a[(i & 1023) % a.length] = v;\n}", "array"),
      decl("FuzzError", "class FuzzError extends Error {}"),
      decl("FuzzErrorB", "class FuzzErrorB extends FuzzError {}"),
      // What a catch mixes in: which class was thrown and its message.
      decl("errCode", "function errCode(e: unknown): number {\n  if (e instanceof FuzzErrorB) return 5000 + (hs(e.message) & 4095);\n  if (e instanceof Error) return hs(e.message) & 4095;\n  return -1;\n}"),
    ];
  }

  // ---- shapes --------------------------------------------------------------------------------

  /** Decides the classes, their methods and the functions, and gives each callable a level. */
  private planCallables(): void {
    const r = this.r;
    let level = 1;
    const nClasses = r.between(0, 4);
    for (let i = 0; i < nClasses; i++) {
      const parent = this.classes.length > 0 && r.chance(0.6) ? r.pick(this.classes) : undefined;
      const cls: ClassShape = { name: this.fresh("C"), parent, fields: [], methods: [], overrides: [] };
      const nFields = r.between(parent ? 0 : 1, 3);
      for (let j = 0; j < nFields; j++) cls.fields.push({ name: this.fresh("f"), t: r.pick(["int", "int", "float", "bool", "str"] as const) });
      if (parent) {
        for (const m of this.allMethods(parent)) if (r.chance(0.5)) cls.overrides.push(m);
      }
      this.classes.push(cls);
    }
    const nFuncs = r.between(2, 7);
    const slots = nFuncs + this.classes.length;
    // Functions and new methods interleaved in level order; a method family shares one level.
    for (let k = 0; k < slots; k++) {
      const lvl = level++;
      if (this.classes.length > 0 && r.chance(this.classes.length / (this.classes.length + nFuncs))) {
        const cls = r.pick(this.classes);
        cls.methods.push({ name: this.fresh("m"), params: this.paramTypes(), ret: r.pick(SCALARS), level: lvl, cost: 0 });
      } else {
        const recursive = r.chance(0.25);
        this.funcs.push({
          name: this.fresh(recursive ? "rec" : "fn"),
          params: recursive ? ["int", "int"] : this.paramTypes(),
          ret: recursive ? "int" : r.pick(SCALARS),
          level: lvl,
          cost: 0,
          recursive,
        });
      }
    }
    // Overrides were chosen before the parent's methods existed: choose again now.
    for (const cls of this.classes) {
      cls.overrides = cls.parent ? this.allMethods(cls.parent).filter(() => r.chance(0.5)) : [];
    }
  }

  private paramTypes(): Ty[] {
    const n = this.r.between(0, 3);
    const types: Ty[] = [];
    for (let i = 0; i < n; i++) {
      const objs = this.classes.map((c) => `obj:${c.name}` as Ty);
      const obj = objs.length > 0 ? this.r.pick(objs) : "int";
      types.push(this.r.weighted<Ty>([[6, "int"], [2, "float"], [2, "str"], [1, "bool"], [1, "arr"], [objs.length > 0 ? 1 : 0, obj]]));
    }
    return types;
  }

  private allFields(cls: ClassShape): FieldShape[] {
    return [...(cls.parent ? this.allFields(cls.parent) : []), ...cls.fields];
  }

  private allMethods(cls: ClassShape): MethodShape[] {
    return [...(cls.parent ? this.allMethods(cls.parent) : []), ...cls.methods];
  }

  private classOf(t: Ty): ClassShape | undefined {
    return t.startsWith("obj:") ? this.classes.find((c) => `obj:${c.name}` === t) : undefined;
  }

  private subclasses(cls: ClassShape): ClassShape[] {
    const isSub = (c: ClassShape | undefined): boolean => c !== undefined && (c === cls || isSub(c.parent));
    return this.classes.filter((c) => isSub(c));
  }

  // ---- declarations --------------------------------------------------------------------------

  private classDecl(cls: ClassShape, implementations: Map<MethodShape, Stmt>): Stmt {
    const members: Stmt[] = [];
    for (const f of cls.fields) members.push({ ...stmt([`${f.name} = ${this.literal(f.t)};`]), decl: f.name });
    // The constructor only mixes its argument into the fields: it calls nothing.
    const body: Stmt[] = [];
    if (cls.parent) body.push(stmt(["super(seed + 1);"]));
    for (const f of cls.fields) if (this.r.chance(0.6)) body.push(stmt([`this.${f.name} = `, this.fieldInit(f.t), ";"]));
    members.push(stmt([`constructor(seed: number) `, block(body)]));
    members.push(...implementations.values());
    const features: Feature[] = ["class"];
    if (cls.parent) features.push("inheritance");
    return { ...stmt([`class ${cls.name}${cls.parent ? ` extends ${cls.parent.name}` : ""} `, block(members)], ...features), decl: cls.name };
  }

  /** One implementation of a method: the first (declaring its name) or an override. */
  private methodDecl(cls: ClassShape, m: MethodShape, override: boolean): Stmt {
    const ctx = this.newCtx(m.level, cls, override ? m : undefined);
    const params = m.params.map((t) => ({ name: this.fresh("p"), t, mutable: false, prebuilt: false }));
    ctx.scopes.push(params);
    const s = stmt([`${m.name}(${params.map((p) => `${p.name}: ${tsType(p.t)}`).join(", ")}): ${tsType(m.ret)} `, this.body(ctx, m.ret)], ...(override ? (["override"] as Feature[]) : []));
    m.cost = Math.max(m.cost, ctx.cost + 1);
    return override ? { ...s, override: true } : { ...s, decl: m.name };
  }

  private fieldInit(t: FieldShape["t"]): Expr {
    switch (t) {
      case "int":
        return expr("int", ["(Math.imul(seed, ", String(this.r.between(2, 999)), ") | 0)"], "int-arithmetic");
      case "float":
        return expr("float", ["seed * ", this.floatLit()], "float-arithmetic");
      case "bool":
        return expr("bool", ["(seed & ", String(1 << this.r.below(4)), ") !== 0"], "bit-operation");
      case "str":
        return expr("str", ["String(seed) + ", this.strLit()], "string");
    }
  }

  private prebuilts(): Stmt[] {
    const r = this.r;
    const out: Stmt[] = [];
    const add = (name: string, t: Ty, text: string) => {
      this.globals.push({ name, t, mutable: false, prebuilt: true });
      out.push({ ...stmt([text]), decl: name });
    };
    for (const cls of this.classes) {
      if (r.chance(0.7)) add(this.fresh("pb"), `obj:${cls.name}`, `const ${"pb" + (this.nextId - 1)} = new ${cls.name}(${r.between(0, 99)});`);
    }
    const nArrays = r.between(0, 2);
    for (let i = 0; i < nArrays; i++) {
      const name = this.fresh("pa");
      add(name, "arr", `const ${name}: number[] = [${Array.from({ length: r.between(1, 5) }, () => r.between(-50, 50)).join(", ")}];`);
    }
    if (r.chance(0.6)) {
      const name = this.fresh("pm");
      const keys = Array.from({ length: r.between(1, 3) }, () => JSON.stringify(r.pick(ALPHABET) + r.pick(ALPHABET)));
      add(name, "map", `const ${name} = new Map<string, number>([${keys.map((k) => `[${k}, ${r.between(0, 9)}]`).join(", ")}]);`);
    }
    if (r.chance(0.5)) {
      const name = this.fresh("ps");
      add(name, "set", `const ${name} = new Set<number>([${Array.from({ length: r.between(1, 3) }, () => r.between(0, 15)).join(", ")}]);`);
    }
    if (r.chance(0.5)) {
      const name = this.fresh("pt");
      add(name, "i32a", `const ${name} = new Int32Array(8);`);
    }
    if (r.chance(0.4)) {
      const name = this.fresh("pf");
      add(name, "f64a", `const ${name} = new Float64Array(4);`);
    }
    if (r.chance(0.4)) {
      const name = this.fresh("pu");
      add(name, "u8a", `const ${name} = new Uint8Array(8);`);
    }
    return out;
  }

  private funcDecl(f: FuncShape): Stmt {
    const ctx = this.newCtx(f.level, undefined, undefined);
    if (f.recursive) {
      const n = this.fresh("n");
      const acc = this.fresh("r");
      ctx.scopes.push([
        { name: n, t: "int", mutable: false, prebuilt: false },
        { name: acc, t: "int", mutable: false, prebuilt: false },
      ]);
      ctx.mult = 8;
      const inner = this.body(ctx, "int", false);
      const next = this.intExpr(ctx, 1);
      f.cost = ctx.cost * 8 + 8;
      const text: Part[] = [`function ${f.name}(${n}: number, ${acc}: number): number {\n  if (${n} <= 0) return ${acc};\n  `, inner, `\n  return ${f.name}(${n} - 1, `, next, `);\n}`];
      return { ...stmt(text, "function", "recursion"), decl: f.name };
    }
    const params = f.params.map((t) => ({ name: this.fresh("p"), t, mutable: false, prebuilt: false }));
    ctx.scopes.push(params);
    const body = this.body(ctx, f.ret);
    f.cost = ctx.cost + 1;
    return { ...stmt([`function ${f.name}(${params.map((p) => `${p.name}: ${tsType(p.t)}`).join(", ")}): ${tsType(f.ret)} `, body], "function"), decl: f.name };
  }

  private mainDecl(): Stmt {
    const ctx = this.newCtx(1_000_000, undefined, undefined);
    ctx.inMain = true;
    ctx.acc = "ck";
    ctx.scopes.push([{ name: "ck", t: "int", mutable: true, prebuilt: false }]);
    const segments: Stmt[] = [{ ...stmt(["let ck = 0;"]), decl: "ck" }];
    const n = this.r.between(3, 6);
    for (let i = 0; i < n; i++) {
      ctx.scopes.push([]);
      ctx.stmtBudget = 10;
      const inner = this.stmts(ctx, this.r.between(2, 5));
      ctx.scopes.pop();
      segments.push(stmt(["try ", block(inner), ' catch (e) {\n    ck = mix(ck, errCode(e));\n    console.log("caught", errCode(e));\n  }'], "catch"));
      segments.push(stmt([`console.log("ck${i}", ck);`]));
    }
    segments.push(stmt(["return 0;"]));
    return { ...stmt(["export function main(argv: string[]): number ", block(segments)]), decl: "main" };
  }

  private newCtx(level: number, self: ClassShape | undefined, method: MethodShape | undefined): Ctx {
    return { scopes: [], level, loopDepth: 0, mult: 1, cost: 0, inMain: false, self, method, acc: "", stmtBudget: 12 };
  }

  /** A body: the accumulator, statements, and a return of type ret (none for "void"-like recursion bodies). */
  private body(ctx: Ctx, ret: Ty, withReturn = true): Block {
    const acc = this.fresh("acc");
    ctx.acc = acc;
    ctx.scopes.push([{ name: acc, t: "int", mutable: true, prebuilt: false }]);
    const stmts: Stmt[] = [{ ...stmt([`let ${acc} = ${this.r.between(0, 99)};`]), decl: acc }];
    stmts.push(...this.stmts(ctx, this.r.between(1, 5)));
    // An override often extends its parent's implementation.
    const m = ctx.method;
    if (m && this.r.chance(0.6)) stmts.push(stmt([`${acc} = mix(${acc}, hs(String(`, expr(m.ret, [`super.${m.name}(`, ...this.args(ctx, m.params, 1), ")"], "super-call"), ")));"]));
    if (withReturn) stmts.push(stmt(["return ", this.returnValue(ctx, ret), ";"]));
    else stmts.push(stmt([`${acc} = mix(${acc}, 1);`]));
    ctx.scopes.pop();
    return block(stmts);
  }

  /** The value a body returns: mixes the accumulator in when the type allows. */
  private returnValue(ctx: Ctx, t: Ty): Expr {
    switch (t) {
      case "int":
        return expr("int", ["mix(", ctx.acc, ", ", this.intExpr(ctx, 1), ")"]);
      case "float":
        return expr("float", ["(", ctx.acc, " * 0.25 + ", this.floatExpr(ctx, 1), ")"], "float-arithmetic");
      case "str":
        return expr("str", ["(String(", ctx.acc, ") + ", this.strExpr(ctx, 1), ").slice(0, 20)"], "string");
      case "bool":
        return expr("bool", ["((", ctx.acc, " & 1) === 0 || ", this.boolExpr(ctx, 1), ")"], "bit-operation");
      default:
        return this.exprOf(ctx, t, 1);
    }
  }

  // ---- statements ----------------------------------------------------------------------------

  private stmts(ctx: Ctx, n: number): Stmt[] {
    const out: Stmt[] = [];
    for (let i = 0; i < n && ctx.stmtBudget > 0; i++) {
      ctx.stmtBudget--;
      out.push(this.statement(ctx));
    }
    return out;
  }

  private vars(ctx: Ctx, pred: (v: Var) => boolean): Var[] {
    const out: Var[] = this.globals.filter(pred);
    for (const scope of ctx.scopes) for (const v of scope) if (pred(v)) out.push(v);
    return out;
  }

  private declare(ctx: Ctx, v: Var): void {
    ctx.scopes[ctx.scopes.length - 1]!.push(v);
  }

  private statement(ctx: Ctx): Stmt {
    const r = this.r;
    ctx.cost += ctx.mult;
    const nested = ctx.loopDepth < 2 && ctx.scopes.length < 7;
    const kind = r.weighted<string>([
      [5, "let"],
      [5, "assign"],
      [4, "mix"],
      [2, "print"],
      [nested ? 3 : 0, "if"],
      [nested ? 3 : 0, "loop"],
      [nested ? 1 : 0, "while"],
      [nested ? 2 : 0, "switch"],
      [ctx.loopDepth > 0 ? 1 : 0, "break"],
      [4, "container"],
      [this.vars(ctx, (v) => v.t.startsWith("obj:")).length > 0 || ctx.self ? 4 : 0, "object"],
      [this.classes.length > 0 ? 2 : 0, "new"],
      [!ctx.inMain ? 2 : 0, "throw"],
      [nested ? 2 : 0, "try"],
      [nested && !ctx.inMain ? 1 : 0, "finally"],
      [2, "iterate"],
    ]);
    switch (kind) {
      case "let": {
        const t = r.pick<Ty>(["int", "int", "int", "float", "float", "str", "str", "bool", "arr", "arr", "map", "set", "i32a", "f64a", "u8a"]);
        const name = this.fresh("v");
        const s: Stmt = isScalar(t)
          ? { ...stmt([`let ${name} = `, this.exprOf(ctx, t, 0), ";"]), decl: name }
          : { ...stmt([`const ${name}: ${tsType(t)} = ${this.newContainer(t)};`], containerFeature(t)), decl: name };
        this.declare(ctx, { name, t, mutable: isScalar(t), prebuilt: false });
        return s;
      }
      case "assign": {
        const targets = this.vars(ctx, (v) => v.mutable && isScalar(v.t));
        const v = r.pick(targets);
        return stmt([`${v.name} = `, this.exprOf(ctx, v.t, 0), ";"]);
      }
      case "mix":
        return stmt([`${ctx.acc} = mix(${ctx.acc}, `, this.intExpr(ctx, 0), ");"]);
      case "print":
        return this.print(ctx);
      case "if": {
        const then = this.nestedBlock(ctx, r.between(1, 3));
        if (r.chance(0.5)) return stmt(["if (", this.boolExpr(ctx, 0), ") ", then, " else ", this.nestedBlock(ctx, r.between(1, 2))]);
        return stmt(["if (", this.boolExpr(ctx, 0), ") ", then]);
      }
      case "loop": {
        const i = this.fresh("i");
        const bound = r.between(1, 8);
        const saved = ctx.mult;
        ctx.mult *= bound;
        ctx.loopDepth++;
        ctx.scopes.push([{ name: i, t: "int", mutable: false, prebuilt: false }]);
        const body = this.nestedBlock(ctx, r.between(1, 4));
        ctx.scopes.pop();
        ctx.loopDepth--;
        ctx.mult = saved;
        return stmt([`for (let ${i} = 0; ${i} < ${bound}; ${i}++) `, body], "loop");
      }
      case "while": {
        const w = this.fresh("w");
        const bound = r.between(1, 6);
        const saved = ctx.mult;
        ctx.mult *= bound;
        ctx.loopDepth++;
        ctx.scopes.push([{ name: w, t: "int", mutable: false, prebuilt: false }]);
        const body = this.nestedBlock(ctx, r.between(1, 3));
        ctx.scopes.pop();
        ctx.loopDepth--;
        ctx.mult = saved;
        // The counter is declared and stepped in fixed text, before anything that may continue.
        return stmt([`let ${w} = 0;\nwhile (${w} < ${bound}) {\n${w}++;\n`, body, "\n}"], "loop");
      }
      case "switch":
        return this.switchStmt(ctx);
      case "break":
        return stmt(["if (", this.boolExpr(ctx, 1), r.chance(0.5) ? ") break;" : ") continue;"]);
      case "container":
        return this.containerStmt(ctx);
      case "object":
        return this.objectStmt(ctx);
      case "new":
        return this.newObjectStmt(ctx);
      case "throw": {
        const cls = r.chance(0.5) ? "FuzzError" : "FuzzErrorB";
        return stmt(["if (", this.boolExpr(ctx, 1), `) throw new ${cls}("e" + String(`, this.intExpr(ctx, 1), "));"], "throw");
      }
      case "try": {
        const body = this.nestedBlock(ctx, r.between(1, 3));
        const rethrow = ctx.inMain ? "" : `\n  if ((errCode(e) & 3) === 1) throw e;`;
        return stmt(["try ", body, ` catch (e) {\n  ${ctx.acc} = mix(${ctx.acc}, errCode(e));${rethrow}\n}`], "catch");
      }
      case "finally": {
        const body = this.nestedBlock(ctx, r.between(1, 3));
        return stmt(["try ", body, ` finally {\n  ${ctx.acc} = mix(${ctx.acc}, ${r.between(1, 99)});\n}`], "finally");
      }
      case "iterate":
        return this.iterateStmt(ctx);
    }
    throw new Error(`generator: no statement kind ${kind}`);
  }

  private newContainer(t: Ty): string {
    const r = this.r;
    switch (t) {
      case "arr":
        return `[${Array.from({ length: r.between(1, 4) }, () => r.between(-9, 99)).join(", ")}]`;
      case "map":
        return `new Map<string, number>([[${JSON.stringify(r.pick(ALPHABET))}, ${r.between(0, 9)}]])`;
      case "set":
        return `new Set<number>([${r.between(0, 15)}])`;
      case "i32a":
        return "new Int32Array(8)";
      case "u8a":
        return "new Uint8Array(8)";
      case "f64a":
        return "new Float64Array(4)";
    }
    throw new Error(`generator: no container ${t}`);
  }

  private nestedBlock(ctx: Ctx, n: number): Block {
    ctx.scopes.push([]);
    const stmts = this.stmts(ctx, n);
    ctx.scopes.pop();
    if (stmts.length === 0) stmts.push(stmt([`${ctx.acc} = mix(${ctx.acc}, 3);`]));
    return block(stmts);
  }

  private print(ctx: Ctx): Stmt {
    const r = this.r;
    const t = r.pick<Ty>(["int", "float", "str", "bool", "arr"]);
    const label = JSON.stringify(this.fresh("L"));
    let value: Expr;
    if (t === "float") value = expr("float", ["fz(", this.floatExpr(ctx, 1), ")"]);
    else if (t === "arr") {
      const arrays = this.vars(ctx, (v) => v.t === "arr");
      if (arrays.length === 0) value = this.intExpr(ctx, 1);
      else value = expr("str", [r.pick(arrays).name, '.join(",")'], "array", "string");
    } else value = this.exprOf(ctx, t, 1);
    const how = r.weighted([[6, "log"], [1, "error"], [1, "write"]]);
    if (how === "write") {
      const text: Part[] = value.t === "str" ? ["(", value, ")"] : ["String(", value, ")"];
      return stmt(["process.stdout.write(", label, ' + " " + ', ...text, ' + "\\n");'], "print");
    }
    return stmt([`console.${how}(`, label, ", ", value, ");"], "print");
  }

  private switchStmt(ctx: Ctx): Stmt {
    const r = this.r;
    const parts: Part[] = [];
    if (r.chance(0.7)) {
      const n = r.between(2, 5);
      const mask = n >= 4 ? 7 : 3;
      parts.push("switch (", this.intExpr(ctx, 1), ` & ${mask}) {\n`);
      const cases = new Set<number>();
      for (let i = 0; i < n; i++) cases.add(r.below(mask + 1));
      for (const c of [...cases].sort((a, b) => a - b)) parts.push(`case ${c}: `, this.nestedBlock(ctx, r.between(1, 2)), r.chance(0.8) ? "\nbreak;\n" : "\n");
    } else {
      const c = this.fresh("c");
      parts.push(`const ${c} = `, this.charExpr(ctx), ";\nswitch (", c, ") {\n");
      const cases = new Set<string>();
      for (let i = 0; i < 3; i++) cases.add(r.pick(ALPHABET));
      for (const k of cases) parts.push(`case ${JSON.stringify(k)}: `, this.nestedBlock(ctx, r.between(1, 2)), "\nbreak;\n");
    }
    parts.push("default: ", this.nestedBlock(ctx, 1), "\n}");
    return stmt(parts, "switch");
  }

  private containerStmt(ctx: Ctx): Stmt {
    const r = this.r;
    const containers = this.vars(ctx, (v) => ["arr", "map", "set", "i32a", "f64a", "u8a"].includes(v.t));
    if (containers.length === 0) return stmt([`${ctx.acc} = mix(${ctx.acc}, `, this.intExpr(ctx, 0), ");"]);
    const c = r.pick(containers);
    const mutated: Feature[] = [];
    if (c.prebuilt && c.t === "arr") mutated.push("prebuilt-array-mutated");
    if (c.prebuilt && (c.t === "map" || c.t === "set")) mutated.push("prebuilt-map-mutated");
    switch (c.t) {
      case "arr":
        return r.weighted<Stmt>([
          [3, stmt([`if (${c.name}.length < 32) ${c.name}.push(`, this.intExpr(ctx, 1), ");"], "array", ...mutated)],
          [3, stmt([`arrPut(${c.name}, `, this.intExpr(ctx, 1), ", ", this.intExpr(ctx, 1), ");"], "array", ...mutated)],
          [1, stmt([`${ctx.acc} = mix(${ctx.acc}, ${c.name}.pop() ?? -1);`], "array", ...mutated)],
        ]);
      case "map":
        return r.chance(0.75)
          ? stmt([`${c.name}.set(`, this.keyExpr(ctx), ", ", this.intExpr(ctx, 1), ");"], "map", ...mutated)
          : stmt([`${c.name}.delete(`, this.keyExpr(ctx), ");"], "map", ...mutated);
      case "set":
        return r.chance(0.7)
          ? stmt([`${c.name}.add(`, this.intExpr(ctx, 1), " & 15);"], "set", ...mutated)
          : stmt([`${c.name}.delete(`, this.intExpr(ctx, 1), " & 15);"], "set", ...mutated);
      case "i32a":
        return stmt([`${c.name}[`, this.intExpr(ctx, 1), " & 7] = ", this.intExpr(ctx, 1), ";"], "typed-array");
      case "u8a":
        return stmt([`${c.name}[`, this.intExpr(ctx, 1), " & 7] = ", this.intExpr(ctx, 1), ";"], "typed-array");
      case "f64a":
        return stmt([`${c.name}[`, this.intExpr(ctx, 1), " & 3] = ", this.floatExpr(ctx, 1), ";"], "typed-array");
    }
    throw new Error("generator: not a container");
  }

  private objectStmt(ctx: Ctx): Stmt {
    const r = this.r;
    const objects = this.vars(ctx, (v) => v.t.startsWith("obj:"));
    if (ctx.self) objects.push({ name: "this", t: `obj:${ctx.self.name}`, mutable: false, prebuilt: false });
    const o = r.pick(objects);
    const cls = this.classOf(o.t)!;
    const fields = this.allFields(cls);
    const methods = this.callableMethods(ctx, cls);
    if (fields.length > 0 && (methods.length === 0 || r.chance(0.6))) {
      if (o.prebuilt && !this.options.prebuiltFieldStores) return stmt([`${ctx.acc} = mix(${ctx.acc}, `, this.intExpr(ctx, 0), ");"]);
      const f = r.pick(fields);
      return stmt([`${o.name}.${f.name} = `, this.exprOf(ctx, f.t, 1), ";"], ...(o.prebuilt ? (["prebuilt-object-mutated"] as Feature[]) : []));
    }
    if (methods.length > 0 && (this.options.prebuiltFieldStores || !o.prebuilt)) {
      const m = r.pick(methods);
      ctx.cost += ctx.mult * m.cost;
      return stmt([`${ctx.acc} = mix(${ctx.acc}, hs(String(`, this.methodCall(ctx, o.name, m), ")));"], ...(o.prebuilt ? (["prebuilt-object-mutated"] as Feature[]) : []));
    }
    return stmt([`${ctx.acc} = mix(${ctx.acc}, `, this.intExpr(ctx, 0), ");"]);
  }

  private newObjectStmt(ctx: Ctx): Stmt {
    const r = this.r;
    const cls = r.pick(this.classes);
    const name = this.fresh("o");
    const subs = this.subclasses(cls);
    // A variable holding one of two classes: calls on it dispatch at run time.
    if (subs.length > 1 && r.chance(0.6)) {
      const other = r.pick(subs.filter((c) => c !== cls));
      const s = stmt([`const ${name}: ${cls.name} = `, this.boolExpr(ctx, 1), ` ? new ${other.name}(`, this.intExpr(ctx, 1), `) : new ${cls.name}(`, this.intExpr(ctx, 1), ");"], "virtual-call");
      this.declare(ctx, { name, t: `obj:${cls.name}`, mutable: false, prebuilt: false });
      return { ...s, decl: name };
    }
    const s = stmt([`const ${name} = new ${cls.name}(`, this.intExpr(ctx, 1), ");"]);
    this.declare(ctx, { name, t: `obj:${cls.name}`, mutable: false, prebuilt: false });
    return { ...s, decl: name };
  }

  private iterateStmt(ctx: Ctx): Stmt {
    const r = this.r;
    const containers = this.vars(ctx, (v) => ["arr", "map", "set", "i32a", "f64a", "u8a"].includes(v.t));
    if (containers.length === 0) return stmt([`${ctx.acc} = mix(${ctx.acc}, `, this.intExpr(ctx, 0), ");"]);
    const c = r.pick(containers);
    const x = this.fresh("x");
    ctx.cost += ctx.mult * 32;
    const acc = ctx.acc;
    // Fixed bodies: a container is never changed while it is iterated.
    switch (c.t) {
      case "map":
        return stmt([`for (const ${x} of ${c.name}.keys()) ${acc} = mix(${acc}, hs(${x}) + (${c.name}.get(${x}) ?? 0));`], "map", "loop");
      case "set":
        return stmt([`for (const ${x} of ${c.name}) ${acc} = mix(${acc}, ${x});`], "set", "loop");
      case "f64a":
        return stmt([`for (const ${x} of ${c.name}) ${acc} = mix(${acc}, toI(${x} * 100));`], "typed-array", "loop");
      case "arr":
        return stmt([`for (const ${x} of ${c.name}) ${acc} = mix(${acc}, ${x});`], "array", "loop");
      default:
        return stmt([`for (let ${x} = 0; ${x} < ${c.name}.length; ${x}++) ${acc} = mix(${acc}, ${c.name}[${x}]);`], "typed-array", "loop");
    }
  }

  // ---- expressions ---------------------------------------------------------------------------

  private exprOf(ctx: Ctx, t: Ty, depth: number): Expr {
    switch (t) {
      case "int":
        return this.intExpr(ctx, depth);
      case "float":
        return this.floatExpr(ctx, depth);
      case "bool":
        return this.boolExpr(ctx, depth);
      case "str":
        return this.strExpr(ctx, depth);
      case "arr": {
        const arrays = this.vars(ctx, (v) => v.t === "arr");
        if (arrays.length > 0 && this.r.chance(0.7)) return expr("arr", [this.r.pick(arrays).name]);
        return expr("arr", [`[${this.r.between(0, 9)}, `, this.intExpr(ctx, depth + 1), "]"], "array");
      }
      default: {
        const cls = this.classOf(t);
        if (!cls) throw new Error(`generator: no expression of type ${t}`);
        const objects = this.vars(ctx, (v) => v.t === t);
        if (objects.length > 0 && this.r.chance(0.6)) return expr(t, [this.r.pick(objects).name]);
        return expr(t, [`new ${cls.name}(`, this.intExpr(ctx, depth + 1), ")"]);
      }
    }
  }

  private leafVar(ctx: Ctx, t: Ty): string | undefined {
    const vs = this.vars(ctx, (v) => v.t === t);
    return vs.length > 0 ? this.r.pick(vs).name : undefined;
  }

  /** Field reads of type t on objects in scope (this included in methods). */
  private fieldReads(ctx: Ctx, t: Ty): string[] {
    const reads: string[] = [];
    for (const o of this.vars(ctx, (v) => v.t.startsWith("obj:"))) {
      for (const f of this.allFields(this.classOf(o.t)!)) if (f.t === t) reads.push(`${o.name}.${f.name}`);
    }
    if (ctx.self) for (const f of this.allFields(ctx.self)) if (f.t === t) reads.push(`this.${f.name}`);
    return reads;
  }

  private callableFuncs(ctx: Ctx, ret: Ty): FuncShape[] {
    const limit = ctx.inMain ? MAIN_COST_LIMIT : COST_LIMIT;
    return this.funcs.filter((f) => f.level < ctx.level && f.ret === ret && ctx.cost + ctx.mult * f.cost < limit);
  }

  private callableMethods(ctx: Ctx, cls: ClassShape, ret?: Ty): MethodShape[] {
    const limit = ctx.inMain ? MAIN_COST_LIMIT : COST_LIMIT;
    return this.allMethods(cls).filter((m) => m.level < ctx.level && (ret === undefined || m.ret === ret) && ctx.cost + ctx.mult * this.familyCost(m) < limit);
  }

  /** The most expensive implementation of a method family (overrides included). */
  private familyCost(m: MethodShape): number {
    return m.cost;
  }

  private args(ctx: Ctx, params: Ty[], depth: number): Part[] {
    const parts: Part[] = [];
    params.forEach((t, i) => {
      if (i > 0) parts.push(", ");
      parts.push(this.exprOf(ctx, t, depth + 1));
    });
    return parts;
  }

  private methodCall(ctx: Ctx, receiver: string, m: MethodShape): Expr {
    return expr(m.ret, [`${receiver}.${m.name}(`, ...this.args(ctx, m.params, 2), ")"]);
  }

  /** A call returning t, if one is allowed here. */
  private call(ctx: Ctx, t: Ty, depth: number): Expr | undefined {
    const r = this.r;
    const options: (() => Expr)[] = [];
    for (const f of this.callableFuncs(ctx, t)) {
      options.push(() => {
        ctx.cost += ctx.mult * f.cost;
        if (f.recursive) return expr(t, [`${f.name}(`, this.intExpr(ctx, depth + 1), " & 7, ", this.intExpr(ctx, depth + 1), ")"], "recursion");
        return expr(t, [`${f.name}(`, ...this.args(ctx, f.params, depth), ")"]);
      });
    }
    for (const o of this.vars(ctx, (v) => v.t.startsWith("obj:"))) {
      const cls = this.classOf(o.t)!;
      for (const m of this.callableMethods(ctx, cls, t)) {
        options.push(() => {
          ctx.cost += ctx.mult * m.cost;
          const e = this.methodCall(ctx, o.name, m);
          return this.subclasses(cls).length > 1 ? { ...e, features: ["virtual-call"] } : e;
        });
      }
    }
    if (ctx.self) {
      for (const m of this.callableMethods(ctx, ctx.self, t)) options.push(() => ((ctx.cost += ctx.mult * m.cost), this.methodCall(ctx, "this", m)));
    }
    // In an override, the parent's implementation of the same method.
    const m = ctx.method;
    if (m && m.ret === t) options.push(() => expr(t, [`super.${m.name}(`, ...this.args(ctx, m.params, depth), ")"], "super-call"));
    return options.length > 0 ? r.pick(options)() : undefined;
  }

  private intLit(): string {
    const r = this.r;
    return String(r.weighted([[6, () => r.between(0, 20)], [2, () => r.between(-100, 1000)], [1, () => r.between(-2147483648, 2147483647)], [1, () => r.pick([0x7fffffff, -0x80000000, 0xffff, 255, 256, 65536])]])());
  }

  private intExpr(ctx: Ctx, depth: number): Expr {
    const r = this.r;
    const leafOnly = depth >= 3;
    const kind = r.weighted<string>([
      [4, "lit"],
      [6, "var"],
      [leafOnly ? 0 : 3, "arith"],
      [leafOnly ? 0 : 3, "bits"],
      [leafOnly ? 0 : 1, "wide"],
      [leafOnly ? 0 : 1, "divmod"],
      [leafOnly ? 0 : 1, "math"],
      [leafOnly ? 0 : 2, "str"],
      [leafOnly ? 0 : 2, "container"],
      [leafOnly ? 0 : 2, "field"],
      [leafOnly ? 0 : 3, "call"],
      [leafOnly ? 0 : 1, "float"],
      [leafOnly ? 0 : 1, "cond"],
    ]);
    const sub = () => this.intExpr(ctx, depth + 1);
    switch (kind) {
      case "var": {
        const v = this.leafVar(ctx, "int");
        if (v) return expr("int", [v]);
        break;
      }
      case "arith": {
        const op = r.pick(["+", "-", "*"]);
        if (op === "*") return expr("int", ["((", sub(), " * (", sub(), " & 1023)) | 0)"], "int-arithmetic", "bit-operation");
        return expr("int", ["((", sub(), ` ${op} `, sub(), ") | 0)"], "int-arithmetic");
      }
      case "bits": {
        const op = r.pick(["&", "|", "^", "<<", ">>", ">>>", "~", "imul"]);
        if (op === "~") return expr("int", ["(~", sub(), ")"], "bit-operation");
        if (op === "imul") return expr("int", ["Math.imul(", sub(), ", ", sub(), ")"], "bit-operation", "int-arithmetic");
        // The shifted operand in parentheses: TypeScript's parser can take `name << (...` for the start
        // of type arguments and fail (seed 19163: `(a << ((a << ((-78 >> (256 & 31)) & 31)) & 31))`).
        if (op.startsWith("<") || op.startsWith(">")) return expr("int", ["((", sub(), `) ${op} (`, sub(), " & 31))"], "bit-operation");
        return expr("int", ["(", sub(), ` ${op} `, sub(), ")"], "bit-operation");
      }
      case "wide":
        // Past 32 bits but below 2^53: a 64-bit integer in translated code.
        return expr("int", ["(((", sub(), " * 65536 + (", sub(), ` & 65535)) % ${r.pick([1000003, 2147483659, 99991])}) | 0)`], "wide-int", "int-arithmetic");
      case "divmod":
        if (r.chance(0.5)) return expr("int", ["(Math.floor(", sub(), " / ((", sub(), " & 7) + 1)) | 0)"], "int-arithmetic");
        return expr("int", ["((", sub(), " % ((", sub(), " & 7) + 1)) | 0)"], "int-arithmetic");
      case "math": {
        const f = r.pick(["Math.abs", "Math.min", "Math.max", "Math.sign"]);
        if (f === "Math.min" || f === "Math.max") return expr("int", [`${f}(`, sub(), ", ", sub(), ")"], "int-arithmetic");
        return expr("int", [`(${f}(`, sub(), ") | 0)"], "int-arithmetic");
      }
      case "str": {
        const s = this.strExpr(ctx, depth + 1);
        return r.weighted<Expr>([
          [3, expr("int", ["hs(", s, ")"], "string")],
          [2, expr("int", ["(", s, ").length"], "string")],
          [2, expr("int", ["(", s, ").indexOf(", this.charExpr(ctx), ")"], "string", "char")],
          [2, expr("int", [this.charExpr(ctx), ".charCodeAt(0)"], "char")],
        ]);
      }
      case "container": {
        const e = this.containerRead(ctx, depth);
        if (e) return e;
        break;
      }
      case "field": {
        const reads = this.fieldReads(ctx, "int");
        if (reads.length > 0) return expr("int", [r.pick(reads)]);
        break;
      }
      case "call": {
        const e = this.call(ctx, "int", depth);
        if (e) return e;
        break;
      }
      case "float":
        return expr("int", ["toI(", this.floatExpr(ctx, depth + 1), r.chance(0.5) ? " * 100)" : ")"], "float-arithmetic");
      case "cond":
        return expr("int", ["(", this.boolExpr(ctx, depth + 1), " ? ", sub(), " : ", sub(), ")"]);
    }
    return expr("int", [this.intLit()]);
  }

  /** A read from a container in scope, as an int, or undefined when there is none. */
  private containerRead(ctx: Ctx, depth: number): Expr | undefined {
    const r = this.r;
    const containers = this.vars(ctx, (v) => ["arr", "map", "set", "i32a", "u8a"].includes(v.t));
    if (containers.length === 0) return undefined;
    const c = r.pick(containers);
    const i = () => this.intExpr(ctx, depth + 1);
    switch (c.t) {
      case "arr":
        return r.weighted<Expr>([
          [3, expr("int", ["arrAt(", c.name, ", ", i(), ")"], "array")],
          [2, expr("int", [`${c.name}.length`], "array")],
          [1, expr("int", [`${c.name}.indexOf(`, i(), ")"], "array")],
        ]);
      case "map":
        return r.chance(0.7) ? expr("int", [`(${c.name}.get(`, this.keyExpr(ctx), ") ?? -1)"], "map") : expr("int", [`${c.name}.size`], "map");
      case "set":
        return expr("int", [`${c.name}.size`], "set");
      default:
        return expr("int", [`${c.name}[`, i(), " & 7]"], "typed-array");
    }
  }

  private floatLit(): string {
    const r = this.r;
    const v = r.pick([0.5, 1.5, 2.25, 0.1, 3.75, 1e-3, 12.5, 0.3, 7.125, 100.01]);
    return r.chance(0.3) ? `(-${v})` : String(v);
  }

  private floatExpr(ctx: Ctx, depth: number): Expr {
    const r = this.r;
    const leafOnly = depth >= 3;
    const kind = r.weighted<string>([
      [3, "lit"],
      [4, "var"],
      [leafOnly ? 0 : 4, "arith"],
      [leafOnly ? 0 : 2, "fromInt"],
      [leafOnly ? 0 : 2, "math"],
      [leafOnly ? 0 : 1, "field"],
      [leafOnly ? 0 : 1, "typed"],
      [leafOnly ? 0 : 2, "call"],
    ]);
    const sub = () => this.floatExpr(ctx, depth + 1);
    switch (kind) {
      case "var": {
        const v = this.leafVar(ctx, "float");
        if (v) return expr("float", [v]);
        break;
      }
      case "arith": {
        const op = r.pick(["+", "-", "*", "/"]);
        if (op === "/") return expr("float", ["(", sub(), " / (Math.abs(", sub(), ") + 1))"], "float-arithmetic");
        return expr("float", ["(", sub(), ` ${op} `, sub(), ")"], "float-arithmetic");
      }
      case "fromInt":
        return expr("float", ["(", this.intExpr(ctx, depth + 1), ` ${r.pick(["*", "+", "/"])} `, this.floatLit(), ")"], "float-arithmetic");
      case "math": {
        const f = r.pick(["Math.sqrt(Math.abs(", "Math.abs(", "Math.sin(", "Math.exp(Math.min(10, ", "Math.max(0.5, "]);
        const closing = f.split("(").length - 1;
        return expr("float", [f, sub(), ")".repeat(closing)], "float-arithmetic");
      }
      case "field": {
        const reads = this.fieldReads(ctx, "float");
        if (reads.length > 0) return expr("float", [r.pick(reads)]);
        break;
      }
      case "typed": {
        const v = this.leafVar(ctx, "f64a");
        if (v) return expr("float", [`${v}[`, this.intExpr(ctx, depth + 1), " & 3]"], "typed-array");
        break;
      }
      case "call": {
        const e = this.call(ctx, "float", depth);
        if (e) return e;
        break;
      }
    }
    return expr("float", [this.floatLit()]);
  }

  private boolExpr(ctx: Ctx, depth: number): Expr {
    const r = this.r;
    const leafOnly = depth >= 3;
    const kind = r.weighted<string>([
      [1, "lit"],
      [2, "var"],
      [leafOnly ? 0 : 5, "cmp"],
      [leafOnly ? 0 : 2, "logic"],
      [leafOnly ? 0 : 1, "fcmp"],
      [leafOnly ? 0 : 1, "scmp"],
      [leafOnly ? 0 : 2, "contains"],
      [leafOnly ? 0 : 1, "field"],
      [leafOnly ? 0 : 1, "instanceof"],
      [leafOnly ? 0 : 1, "call"],
    ]);
    switch (kind) {
      case "var": {
        const v = this.leafVar(ctx, "bool");
        if (v) return expr("bool", [v]);
        break;
      }
      case "cmp":
        return expr("bool", ["(", this.intExpr(ctx, depth + 1), ` ${r.pick(["<", "<=", "===", "!==", ">", ">="])} `, this.intExpr(ctx, depth + 1), ")"]);
      case "logic":
        if (r.chance(0.3)) return expr("bool", ["!", this.boolExpr(ctx, depth + 1)]);
        return expr("bool", ["(", this.boolExpr(ctx, depth + 1), ` ${r.pick(["&&", "||"])} `, this.boolExpr(ctx, depth + 1), ")"]);
      case "fcmp":
        return expr("bool", ["(", this.floatExpr(ctx, depth + 1), ` ${r.pick(["<", ">=", "==="])} `, this.floatExpr(ctx, depth + 1), ")"], "float-arithmetic");
      case "scmp":
        return r.chance(0.5)
          ? expr("bool", ["(", this.strExpr(ctx, depth + 1), ` ${r.pick(["===", "!==", "<", ">"])} `, this.strExpr(ctx, depth + 1), ")"], "string")
          : expr("bool", ["(", this.strExpr(ctx, depth + 1), `).${r.pick(["includes", "startsWith", "endsWith"])}(`, this.strExpr(ctx, depth + 1), ")"], "string");
      case "contains": {
        const cs = this.vars(ctx, (v) => v.t === "map" || v.t === "set" || v.t === "arr");
        if (cs.length === 0) break;
        const c = r.pick(cs);
        if (c.t === "map") return expr("bool", [`${c.name}.has(`, this.keyExpr(ctx), ")"], "map");
        if (c.t === "set") return expr("bool", [`${c.name}.has(`, this.intExpr(ctx, depth + 1), " & 15)"], "set");
        return expr("bool", [`${c.name}.includes(`, this.intExpr(ctx, depth + 1), ")"], "array");
      }
      case "field": {
        const reads = this.fieldReads(ctx, "bool");
        if (reads.length > 0) return expr("bool", [r.pick(reads)]);
        break;
      }
      case "instanceof": {
        const objs = this.vars(ctx, (v) => v.t.startsWith("obj:"));
        if (objs.length === 0) break;
        const o = r.pick(objs);
        const subs = this.subclasses(this.classOf(o.t)!);
        return expr("bool", [`(${o.name} instanceof ${r.pick(subs).name})`], "instanceof");
      }
      case "call": {
        const e = this.call(ctx, "bool", depth);
        if (e) return e;
        break;
      }
    }
    return expr("bool", [r.chance(0.5) ? "true" : "false"]);
  }

  private strLit(): string {
    const r = this.r;
    let s = "";
    const n = r.between(0, 4);
    for (let i = 0; i < n; i++) s += r.pick(ALPHABET);
    return JSON.stringify(s);
  }

  /** A one-character string (a char in translated code). */
  private charExpr(ctx: Ctx): Expr {
    const r = this.r;
    if (r.chance(0.4)) return expr("str", [JSON.stringify(r.pick(ALPHABET))], "char");
    if (r.chance(0.5)) return expr("str", ["String.fromCharCode(97 + (", this.intExpr(ctx, 2), " & 15))"], "char");
    const s = this.strExpr(ctx, 2);
    return expr("str", ["chAt(", s, ", ", this.intExpr(ctx, 2), ")"], "char", "string");
  }

  private keyExpr(ctx: Ctx): Expr {
    return this.r.chance(0.5) ? expr("str", [JSON.stringify(this.r.pick(ALPHABET) + this.r.pick(ALPHABET))]) : expr("str", ["(", this.strExpr(ctx, 2), ").slice(0, 2)"], "string");
  }

  private strExpr(ctx: Ctx, depth: number): Expr {
    const r = this.r;
    const leafOnly = depth >= 3;
    const kind = r.weighted<string>([
      [3, "lit"],
      [3, "var"],
      [leafOnly ? 0 : 3, "concat"],
      [leafOnly ? 0 : 2, "fromInt"],
      [leafOnly ? 0 : 1, "template"],
      [leafOnly ? 0 : 2, "method"],
      [leafOnly ? 0 : 2, "char"],
      [leafOnly ? 0 : 1, "field"],
      [leafOnly ? 0 : 1, "join"],
      [leafOnly ? 0 : 1, "call"],
    ]);
    const sub = () => this.strExpr(ctx, depth + 1);
    switch (kind) {
      case "var": {
        const v = this.leafVar(ctx, "str");
        if (v) return expr("str", [v]);
        break;
      }
      case "concat":
        return expr("str", ["(", sub(), " + ", sub(), ").slice(0, 16)"], "string");
      case "fromInt":
        return r.chance(0.7) ? expr("str", ["String(", this.intExpr(ctx, depth + 1), ")"], "string") : expr("str", ["String(fz(", this.floatExpr(ctx, depth + 1), "))"], "string", "float-arithmetic");
      case "template":
        return expr("str", ["`<${", this.intExpr(ctx, depth + 1), "}:${", sub(), "}>`"], "string");
      case "method": {
        const m = r.pick(["toUpperCase()", "toLowerCase()", "trim()", "slice", "repeat", "padStart", "substring"]);
        if (m === "slice" || m === "substring") return expr("str", ["(", sub(), `).${m}(`, this.intExpr(ctx, depth + 1), " & 7, ", this.intExpr(ctx, depth + 1), " & 7)"], "string");
        if (m === "repeat") return expr("str", ["(", sub(), ").repeat(", this.intExpr(ctx, depth + 1), " & 3)"], "string");
        if (m === "padStart") return expr("str", ["(", sub(), ").padStart(", this.intExpr(ctx, depth + 1), ` & 7, ${JSON.stringify(r.pick(ALPHABET))})`], "string");
        return expr("str", ["(", sub(), `).${m}`], "string");
      }
      case "char":
        return this.charExpr(ctx);
      case "field": {
        const reads = this.fieldReads(ctx, "str");
        if (reads.length > 0) return expr("str", [r.pick(reads)]);
        break;
      }
      case "join": {
        const v = this.leafVar(ctx, "arr");
        if (v) return expr("str", [`${v}.join(${JSON.stringify(r.pick([",", "-", ""]))})`], "array", "string");
        break;
      }
      case "call": {
        const e = this.call(ctx, "str", depth);
        if (e) return e;
        break;
      }
    }
    return expr("str", [this.strLit()], "string");
  }

  private literal(t: FieldShape["t"]): string {
    switch (t) {
      case "int":
        return this.intLit();
      case "float":
        return this.floatLit();
      case "bool":
        return this.r.chance(0.5) ? "true" : "false";
      case "str":
        return this.strLit();
    }
  }
}

function containerFeature(t: Ty): Feature {
  return t === "arr" ? "array" : t === "map" ? "map" : t === "set" ? "set" : "typed-array";
}

function isScalar(t: Ty): boolean {
  return t === "int" || t === "float" || t === "bool" || t === "str";
}

/** The TypeScript spelling of a type (erased before running; for people reading the program). */
function tsType(t: Ty): string {
  switch (t) {
    case "int":
    case "float":
      return "number";
    case "bool":
      return "boolean";
    case "str":
      return "string";
    case "arr":
      return "number[]";
    case "map":
      return "Map<string, number>";
    case "set":
      return "Set<number>";
    case "i32a":
      return "Int32Array";
    case "f64a":
      return "Float64Array";
    case "u8a":
      return "Uint8Array";
    default:
      return t.slice(4);
  }
}

/** Every feature, for reports that list the ones a run did not reach. */
export const ALL_FEATURES: readonly Feature[] = FEATURES;
