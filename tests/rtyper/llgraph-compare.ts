// Compares two LL graphs structurally, beyond their printed text: the types of every variable and
// constant (which the text leaves out for constants), exit cases, caught variables, positions.
// Returns the differences found, empty when the graphs are equal.

type Any = any; // values of the compiled toolchain (dist/)

export function llGraphDifferences(a: Any, b: Any): string[] {
  const diffs: string[] = [];
  const typeName = (t: Any) => String(t);
  const blocksA: Any[] = a.iterBlocks();
  const blocksB: Any[] = b.iterBlocks();
  const index = (blocks: Any[], block: Any) => blocks.indexOf(block);
  const describe = (v: Any, vars: Map<Any, number>) => {
    if (v === null || typeof v !== "object") return String(v);
    if (!("value" in v)) {
      if (!vars.has(v)) vars.set(v, vars.size);
      return `var${vars.get(v)}:${v.hint}:${typeName(v.type)}`;
    }
    const value = v.value;
    let shown: string;
    if (value !== null && typeof value === "object" && "kind" in value) {
      shown = value.kind === "function" ? `fn ${value.name}` : value.kind === "prebuilt" ? `prebuilt ${value.name}` : `type ${typeName(value)}`;
    } else shown = Object.is(value, -0) ? "-0" : JSON.stringify(value) ?? String(value);
    return `const ${shown}:${typeName(v.type)}`;
  };
  const varsA = new Map<Any, number>();
  const varsB = new Map<Any, number>();
  const same = (what: string, x: Any, y: Any) => {
    const dx = describe(x, varsA);
    const dy = describe(y, varsB);
    if (dx !== dy) diffs.push(`${a.name}: ${what}: ${dx} != ${dy}`);
  };
  if (a.name !== b.name) diffs.push(`name ${a.name} != ${b.name}`);
  if (blocksA.length !== blocksB.length) return [...diffs, `${a.name}: ${blocksA.length} blocks != ${blocksB.length}`];
  blocksA.forEach((ba, i) => {
    const bb = blocksB[i];
    const where = `block ${i}`;
    if (ba.inputargs.length !== bb.inputargs.length) return diffs.push(`${a.name}: ${where}: inputargs differ in number`);
    ba.inputargs.forEach((v: Any, j: number) => same(`${where} inputarg ${j}`, v, bb.inputargs[j]));
    if (ba.operations.length !== bb.operations.length) return diffs.push(`${a.name}: ${where}: operations differ in number`);
    ba.operations.forEach((op: Any, j: number) => {
      const ob = bb.operations[j];
      const w = `${where} op ${j} ${op.opname}`;
      if (op.opname !== ob.opname) diffs.push(`${a.name}: ${w}: != ${ob.opname}`);
      if (op.args.length !== ob.args.length) return diffs.push(`${a.name}: ${w}: operands differ in number`);
      op.args.forEach((x: Any, k: number) => same(`${w} operand ${k}`, x, ob.args[k]));
      same(`${w} result`, op.result, ob.result);
      const pos = (p: Any) => (p ? `${p.line}:${p.column}` : "none");
      if (pos(op.pos) !== pos(ob.pos)) diffs.push(`${a.name}: ${w}: position ${pos(op.pos)} != ${pos(ob.pos)}`);
    });
    const sw = (s: Any) => (typeof s === "symbol" ? String(s) : s);
    same(`${where} exitswitch`, sw(ba.exitswitch), sw(bb.exitswitch));
    if (ba.exits.length !== bb.exits.length) return diffs.push(`${a.name}: ${where}: exits differ in number`);
    ba.exits.forEach((la: Any, j: number) => {
      const lb = bb.exits[j];
      const w = `${where} exit ${j}`;
      if (String(la.exitcase) !== String(lb.exitcase)) diffs.push(`${a.name}: ${w}: exitcase ${String(la.exitcase)} != ${String(lb.exitcase)}`);
      const target = (g: Any, blocks: Any[], t: Any) => (t === g.returnblock ? "return" : t === g.exceptblock ? "except" : `block${index(blocks, t)}`);
      if (target(a, blocksA, la.target) !== target(b, blocksB, lb.target)) diffs.push(`${a.name}: ${w}: target differs`);
      if (la.caught || lb.caught) same(`${w} caught`, la.caught, lb.caught);
      if (la.args.length !== lb.args.length) return diffs.push(`${a.name}: ${w}: args differ in number`);
      la.args.forEach((x: Any, k: number) => same(`${w} arg ${k}`, x, lb.args[k]));
    });
  });
  return diffs;
}
