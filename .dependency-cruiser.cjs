// @ts-check
/**
 * The import rules between the folders of src/, checked by dependency-cruiser in `npm test`
 * (tests/architecture/imports.test.ts). Run them alone with
 *
 *     npx vitest run tests/architecture/imports.test.ts
 *     npx depcruise src --config .dependency-cruiser.cjs      # the same rules, dependency-cruiser's own report
 *
 * The folders are the pipeline's stages, each consuming the one before (docs/architecture.md,
 * "Layers"): a folder may import only the folders its row of LAYERS names, plus itself. What the
 * rows say, in words:
 *
 * - lib (the `rts` library that interpreters import, translated with them) imports no stage;
 * - the LL IR's own floor (src/llir) imports no stage at all;
 * - the RTS runtime (src/runtime: the helpers, the collector and the x86-64 assembler
 *   (runtime/x86, which the JIT runs in the binary and src/backend-x86 uses at translation time),
 *   written in RTS and translated into every binary) imports the library and, of the LL IR, only the GC's shared words
 *   (llir/gc-shared.ts, constants the LL operations and the collector agree on:
 *   `runtime-reads-only-llir-constants`); every stage from the rtyper on may import it, and it
 *   imports none of them, so the toolchain's imports of the runtime go one way;
 * - frontend <- annotator <- rtyper <- gctransform <- jit, each from the rtyper on with the LL IR
 *   and the runtime below it;
 * - a target (src/backend-<name>: backend-x86 today, backend-arm next) takes LL graphs: it never
 *   imports the annotator, and no stage before the drivers imports a target
 *   (`target-imports-no-other-target` keeps one target out of another, whatever its name);
 * - the drivers (translator, checked, fuzz, testing, cli) sit on top; cli may use all of them, the fuzzer
 *   all but cli; nothing below imports a driver;
 * - jitview (the log reader and rts jitview's page) reads log text only: it imports no stage, and
 *   only cli imports it;
 * - a folder that has no row fails `folder-has-a-layer` until it is given one;
 * - no import cycle passes through two folders (`no-cycle-between-folders`).
 *
 * No import is exempted (dependency-cruiser's baseline, options.knownViolations, stays unused):
 * the test fails on any import that breaks a rule.
 */

/** @typedef {import("dependency-cruiser").IForbiddenRuleType} Rule */

/** Every target's folder: src/backend-x86 today, src/backend-arm next. */
const TARGET = "backend-[^/]+";

/** Each folder of src/ -> the folders it may import besides itself (a target's row: any target). */
const LAYERS = {
  lib: [],
  // The LL IR's own floor: LL types, operations, graphs, their text, the verifier, the LL interpreter.
  llir: [],
  // The RTS runtime: helpers, collector, assembler (runtime/x86), translated into every binary (of llir: gc-shared.ts only, below).
  runtime: ["llir", "lib"],
  frontend: ["lib"],
  annotator: ["frontend", "lib"],
  rtyper: ["llir", "runtime", "annotator", "frontend", "lib"],
  // The GC transform: an LL graph pass of the toolchain (the collector itself is runtime/gc).
  gctransform: ["llir", "runtime", "rtyper", "annotator", "frontend", "lib"],
  jit: ["llir", "runtime", "gctransform", "rtyper", "annotator", "frontend", "lib"],
  // Reading RTSLOG's logs (the PYPYLOG parser) and rts jitview's page: text in, text out, no stage.
  jitview: [],
  // The target-independent part of code generation: it never imports a target.
  backend: ["llir", "runtime", "jit", "gctransform", "rtyper", "frontend", "lib"],
  // Other targets pass this row and are refused by target-imports-no-other-target.
  [TARGET]: [TARGET, "backend", "llir", "runtime", "jit", "gctransform", "rtyper", "frontend", "lib"],
  translator: [TARGET, "backend", "llir", "runtime", "jit", "gctransform", "rtyper", "annotator", "frontend", "lib"],
  checked: ["llir", "runtime", "rtyper", "annotator", "frontend", "lib"],
  fuzz: ["translator", "checked", TARGET, "backend", "llir", "runtime", "jit", "gctransform", "rtyper", "annotator", "frontend", "lib"],
  // rts/testing: the JIT run untranslated for an interpreter's tests (a driver, as the CLI).
  testing: ["translator", "llir", "runtime", "jit", "rtyper", "annotator", "frontend", "lib"],
  cli: ["jitview", "translator", "checked", TARGET, "backend", "llir", "runtime", "jit", "gctransform", "rtyper", "annotator", "frontend", "lib"],
};

const folders = (/** @type {string[]} */ names) => `^src/(${names.join("|")})/`;
const shown = (/** @type {string} */ folder) => (folder === TARGET ? "backend-<target>" : folder);

/** @type {Rule[]} */
const layerRules = Object.entries(LAYERS).map(([folder, allowed]) => ({
  name: folder === TARGET ? "target-layer" : folder === "lib" ? "lib-imports-no-stage" : `${folder}-layer`,
  severity: "error",
  comment:
    `src/${shown(folder)} may import ${allowed.length === 0 ? "no other folder of src/" : `only ${allowed.map(shown).join(", ")}`}` +
    " besides itself (docs/architecture.md, Layers).",
  from: { path: `^src/(${folder})/` },
  // `$1` is the importing folder (dependency-cruiser's group matching).
  to: { path: "^src/", pathNot: folders(["$1", ...allowed]) },
}));

/** @type {Rule[]} */
const forbidden = [
  ...layerRules,
  {
    name: "target-imports-no-other-target",
    severity: "error",
    comment:
      "A target (src/backend-<name>) never imports another; what two targets share goes to src/backend (docs/architecture.md, Layers).",
    from: { path: "^src/(backend-[^/]+)/" },
    to: { path: "^src/backend-[^/]+/", pathNot: "^src/$1/" },
  },
  {
    name: "runtime-reads-only-llir-constants",
    severity: "error",
    comment:
      "The RTS runtime (src/runtime) is translated into every binary: of the LL IR it reads only the GC's shared words " +
      "(src/llir/gc-shared.ts), never the toolchain's LL types, graphs or interpreter (docs/architecture.md, Layers).",
    from: { path: "^src/runtime/" },
    to: { path: "^src/llir/", pathNot: "^src/llir/gc-shared\\.ts$" },
  },
  {
    name: "folder-has-a-layer",
    severity: "error",
    comment: "Every folder of src/ has a row in LAYERS of .dependency-cruiser.cjs, which says what it may import.",
    from: { path: "^src/", pathNot: folders(Object.keys(LAYERS)) },
    to: { path: "^src/" },
  },
  {
    name: "no-cycle-between-folders",
    severity: "error",
    comment: "No import cycle between two folders of src/ (folders inside one folder of src/ are its own business).",
    scope: "folder",
    from: { path: "^src/([^/]+)" },
    to: { circular: true, pathNot: "^src/$1(/|$)" },
  },
  {
    name: "imports-resolve",
    severity: "error",
    comment: "Every import of src/ resolves (an unresolved one would hide its folder from every rule above).",
    from: { path: "^src/" },
    to: { couldNotResolve: true },
  },
];

/** @type {import("dependency-cruiser").IConfiguration} */
module.exports = {
  forbidden,
  options: {
    doNotFollow: { path: "node_modules" },
    // Only what the rules below need (no metrics, orphans, ...): the check stays a few seconds.
    skipAnalysisNotInRules: true,
    // Type-only imports are dependencies between folders too.
    tsPreCompilationDeps: true,
    tsConfig: { fileName: "tsconfig.json" },
  },
};
