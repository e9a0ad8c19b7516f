// `rts annotate` accepts the JIT's runtime together with each example interpreter (issue 16's
// "Done when"; issue 17 translates them together). For each directory of examples/, a wrapper
// program is written whose main runs the example's main and then the JIT's runtime through its
// entry points (src/runtime/jit/jit-entry.ts, driven by tests/jit/fixtures/jit-runtime-probe.ts:
// the warm runner with its meta-interpreter, the optimizer with every pass, blackhole resumes,
// bridges, the logs, the profiler, the parameters' parser). Each wrapper is annotated once, in
// this process (the toolchain from dist/, as bin/rts runs it), and then rtyped: no errors; the
// runtime's key functions have annotated graphs and every file of src/runtime/jit has one (but
// those NOT_LINKED says), so that the test cannot pass by reaching nothing; and no field of a
// runtime class is a list nothing was put in (`never[]`: the code reading its items would not be
// annotated; the probe's data must have an item of each). A copy of the entry with a line that is
// not RTS is refused, naming the line.

import { mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { repoRoot, runRts } from "../helpers/run-rts.ts";

const dist = (file: string) => import(/* @vite-ignore */ path.join(repoRoot, "dist", file));
const { loadProgram } = await dist("frontend/modules.js");
const { Annotator } = await dist("annotator/annotator.js");
const { collectAnnotations, formatErrors } = await dist("annotator/print-annotations.js");
const { RTyper } = await dist("rtyper/rtyper.js");
const { prepareNativeRuntime } = await dist("rtyper/native-runtime.js");

const probe = path.join(repoRoot, "tests/jit/fixtures/jit-runtime-probe.ts");
const entry = path.join(repoRoot, "src/runtime/jit/jit-entry.ts");
const workDir = mkdtempSync(path.join(tmpdir(), "rts-jit-runtime-"));

/** Functions of the runtime the probe must reach, by file (the annotator's names: `Class.method` for methods): each part of the JIT. */
const KEY_FUNCTIONS: Record<string, string[]> = {
  "src/runtime/jit/jit-entry.ts": ["JitRuntime.start", "JitRuntime.callPortal", "JitRuntime.maybeCompileAndRun", "JitRuntime.portalArgInt", "JitRuntime.setUserParam", "JitRuntime.finish"],
  "src/runtime/jit/user-params.ts": ["jitSetUserParam"],
  "src/runtime/jit/metainterp/warm-runner.ts": ["WarmRunner.run", "WarmRunner.maybeCompileAndRun", "WarmRunner.runCompiled", "WarmRunner.compileBridge"],
  "src/runtime/jit/warmstate.ts": ["WarmState.enter", "WarmState.guardFailed"],
  "src/runtime/jit/metainterp/metainterp.ts": ["MetaInterp.startLoop"],
  "src/runtime/jit/metainterp/opimpl.ts": ["interpret"],
  "src/runtime/jit/metainterp/resume.ts": ["startBridge"],
  "src/runtime/jit/metainterp/resume-blackhole.ts": ["resumeInBlackhole"],
  "src/runtime/jit/optimizeopt/optimize.ts": ["optimizeTraceOn"],
  "src/runtime/jit/optimizeopt/unroll.ts": ["unrollLoop"],
  "src/runtime/jit/optimizeopt/intbounds.ts": ["OptIntBounds.propagateForward"],
  "src/runtime/jit/optimizeopt/rewrite.ts": ["OptRewrite.propagateForward"],
  "src/runtime/jit/optimizeopt/virtualize.ts": ["OptVirtualize.propagateForward"],
  "src/runtime/jit/optimizeopt/string.ts": ["OptString.propagateForward"],
  "src/runtime/jit/optimizeopt/pure.ts": ["OptPure.propagateForward"],
  "src/runtime/jit/optimizeopt/heap.ts": ["OptHeap.propagateForward"],
  "src/runtime/jit/optimizeopt/guard-virtuals.ts": ["materializeVirtuals"],
  "src/runtime/jit/trace-interp.ts": ["compileTrace", "runTrace"],
  "src/runtime/jit/blackhole.ts": ["BlackholeInterpreter.run"],
  "src/runtime/jit/jitlog.ts": ["logOptLoop", "logOptBridge"],
  "src/runtime/jit/jitprof.ts": ["JitProfiler.printSummary"],
  "src/lib/jit-params.ts": ["parseJitParams", "parseUserParams"],
};

const runtimeDir = path.join(repoRoot, "src/runtime/jit");
/** Files of the runtime that a program does not link, and why (every other file must have an annotated function). */
const NOT_LINKED = new Map([
  ["check-trace.ts", "the consistency check of traces, for tests and tools"],
  ["jit-native.ts", "the binary's entry points and its prebuilt runtime: rts translate --jit links them (tests/translator/jit-link.test.ts)"],
  ["native-cpu.ts", "the binary's memory, allocation and calls: rts translate --jit links it (tests/translator/jit-link.test.ts)"],
  ["perf-map.ts", "the perf map of the binary's machine-code backend: rts translate --jit links it (tests/differential/jit-native.test.ts)"],
]);
/** Folders of the runtime that a program does not link yet, and why. */
const NOT_LINKED_FOLDERS = new Map([
  ["backend-x86", "the x86-64 trace backend: the runtime of rts translate --jit compiles with it (tests/differential/jit-native.test.ts); tests/jit/backend-x86/backend-rts.test.ts annotates and translates it"],
]);

function notLinked(file: string): boolean {
  return NOT_LINKED.has(path.basename(file)) || NOT_LINKED_FOLDERS.has(path.relative(runtimeDir, path.dirname(file)));
}

/** Every .ts file under dir. */
function tsFiles(dir: string): string[] {
  return readdirSync(dir, { recursive: true, encoding: "utf8" })
    .filter((f) => f.endsWith(".ts"))
    .map((f) => path.join(dir, f))
    .sort();
}

/** The entry file of each example: the .ts file of examples/<name>/ that exports main. */
function exampleEntries(): { name: string; file: string }[] {
  const root = path.join(repoRoot, "examples");
  const entries: { name: string; file: string }[] = [];
  for (const name of readdirSync(root).sort()) {
    const dir = path.join(root, name);
    if (!statSync(dir).isDirectory()) continue;
    const mains = readdirSync(dir).filter((f) => f.endsWith(".ts") && /export function main\(/.test(readFileSync(path.join(dir, f), "utf8")));
    if (mains.length !== 1) throw new Error(`examples/${name}: expected one .ts file exporting main, found ${mains.length}`);
    entries.push({ name, file: path.join(dir, mains[0]!) });
  }
  return entries;
}

/** The specifier a module in workDir imports file by: its absolute path, spelled .js as RTS modules import each other. */
function importPath(file: string): string {
  return file.replace(/\.ts$/, ".js");
}

/** Writes the wrapper of an example: its main, then the JIT's runtime (probe: the module giving jitRuntimeProbe). */
function writeWrapper(name: string, example: string, probeFile: string): string {
  const file = path.join(workDir, `${name}-jit.ts`);
  writeFileSync(
    file,
    [
      `import { main as exampleMain } from "${importPath(example)}";`,
      `import { jitRuntimeProbe } from "${importPath(probeFile)}";`,
      ``,
      `export function main(argv: string[]): number {`,
      `  const status = exampleMain(argv);`,
      `  if (status !== 0) return status;`,
      `  return jitRuntimeProbe();`,
      `}`,
      ``,
    ].join("\n"),
  );
  return file;
}

/** A copy of a module in workDir, its relative imports pointing where the original's did (or to a replacement). */
function copyModule(file: string, copyName: string, edit: (text: string) => string, replace: Map<string, string> = new Map()): string {
  const text = readFileSync(file, "utf8").replace(/from "(\.\.?\/[^"]+)"/g, (_all, spec: string) => {
    const target = path.resolve(path.dirname(file), spec.replace(/\.js$/, ".ts"));
    return `from "${importPath(replace.get(target) ?? target)}"`;
  });
  const copy = path.join(workDir, copyName);
  writeFileSync(copy, edit(text));
  return copy;
}

interface Annotated {
  /** The errors as text, "" when none. */
  errors: string;
  /** The annotated functions, as "file:name" (the file from the repository's root; `Class.method` for methods). */
  functions: Set<string>;
  /** The files with an annotated function. */
  files: Set<string>;
  /** "file Class.field: type" of each field of a runtime class whose type holds `never` (a list nothing was put in: the code reading it is not annotated). */
  emptyFields: string[];
}

/** Annotates the program (and, when it is accepted, rtypes its main). */
async function annotate(file: string): Promise<Annotated> {
  const program = await loadProgram(file, true, true);
  const annotator = new Annotator(program);
  annotator.annotateMain();
  const annotations = collectAnnotations(annotator);
  const functions = new Set<string>(annotations.functions.map((f: { file: string; name: string }) => `${path.relative(repoRoot, path.resolve(workDir, f.file))}:${f.name}`));
  const files = new Set<string>(annotations.functions.map((f: { file: string }) => path.resolve(workDir, f.file)));
  const emptyFields: string[] = [];
  for (const c of annotations.classes) {
    const where = path.resolve(workDir, c.file);
    if (!where.startsWith(runtimeDir + path.sep)) continue;
    for (const field of c.fields) if (/\bnever\b/.test(field.type)) emptyFields.push(`${path.relative(repoRoot, where)} ${c.name}.${field.name}: ${field.type}`);
  }
  if (annotator.errors.length > 0) return { errors: formatErrors(annotator), functions, files, emptyFields };
  prepareNativeRuntime(annotator);
  new RTyper(annotator).specializeFrom(annotator.bk.functionDesc(program.main));
  return { errors: "", functions, files, emptyFields };
}

describe("the JIT's runtime with each example interpreter", () => {
  const examples = exampleEntries();
  afterAll(() => rmSync(workDir, { recursive: true, force: true }));

  it("finds the examples", () => {
    expect(examples.map((e) => e.name)).toEqual(expect.arrayContaining(["bf", "lox"]));
  });

  for (const example of examples) {
    it(`is accepted by the annotator and the rtyper with examples/${example.name}`, async () => {
      const { errors, functions, files, emptyFields } = await annotate(writeWrapper(example.name, example.file, probe));
      expect(errors).toBe("");
      const keys = Object.entries(KEY_FUNCTIONS).flatMap(([file, names]) => names.map((name) => `${file}:${name}`));
      expect(keys.filter((key) => !functions.has(key))).toEqual([]);
      // every file of the runtime is linked, and its data is complete enough for its code to be annotated
      const unreached = tsFiles(runtimeDir).filter((f) => !files.has(f) && !notLinked(f));
      expect(unreached.map((f) => path.relative(repoRoot, f))).toEqual([]);
      expect(emptyFields).toEqual([]);
    }, 60_000);
  }

  it("runs on Node: the example's output, then the JIT's results from its entry points", async () => {
    const bf = examples.find((e) => e.name === "bf")!;
    // RTS_JIT is not seen: untranslated, runtime code sees the environment only in the start check
    const result = await runRts(["run", writeWrapper("run", bf.file, probe), path.join(repoRoot, "examples/bf/hello.b")], { env: { RTS_JIT: "trace_limit=5000" } });
    expect(result.stderr).toBe("");
    expect(result.status).toBe(0);
    // the prebuilt runtime, then one made at run time: the same loops, bridges and results
    const jit = [
      "trace_limit after start: 6000",
      "count(10) = 35",
      "count(100) = 2600",
      "count(1000) = 251000",
      "loops 1, bridges 2, blackhole resumes 2",
      "count(100) entered at its merge point = 2600",
      "scale(10) = 100, box.last = 100",
      "scale(100) = 10000, box.last = 10000",
      "scale(1000) = 1000000, box.last = 1000000",
      "loops 1, bridges 1, blackhole resumes 1",
    ];
    expect(result.stdout).toBe(["Hello World!", ...jit, ...jit, ""].join("\n"));
  }, 60_000);

  it("is refused with a line that is not RTS in the runtime", async () => {
    const badEntry = copyModule(entry, "jit-entry-bad.ts", (text) => {
      const edited = text.replace("    portal.busy = true;\n", "    portal.busy = true;\n    const seen = Object.keys(portal);\n    if (seen.length === 0) return PORTAL_NOT_RUN;\n");
      expect(edited).not.toBe(text);
      return edited;
    });
    const badProbe = copyModule(probe, "jit-runtime-probe-bad.ts", (text) => text, new Map([[entry, badEntry]]));
    const { errors } = await annotate(writeWrapper("bad", examples[0]!.file, badProbe));
    expect(errors).toContain("jit-entry-bad.ts:");
    expect(errors).toContain("Object.keys");
    expect(errors).toContain("JitRuntime.callPortal");
  }, 60_000);
});
