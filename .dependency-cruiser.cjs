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
 * - frontend <- annotator <- rtyper <- gc <- jit; the LL IR's own floor (src/llir) imports no
 *   stage at all, and every stage from the rtyper on may import it;
 * - a target (src/backend-<name>: backend-x86 today, backend-arm next) takes LL graphs: it never
 *   imports the annotator, and no stage before the drivers imports a target
 *   (`target-imports-no-other-target` keeps one target out of another, whatever its name);
 * - the drivers (translator, checked, fuzz, cli) sit on top; cli may use all of them, the fuzzer
 *   all but cli; nothing below imports a driver;
 * - a folder that has no row fails `folder-has-a-layer` until it is given one;
 * - no import cycle passes through two folders (`no-cycle-between-folders`).
 *
 * KNOWN_VIOLATIONS are the imports that break these rules today, each one import (file to file)
 * exempted from one rule by dependency-cruiser's own baseline (options.knownViolations), and
 * KNOWN_FOLDER_CYCLE the cycle between folders they make (gc <-> rtyper), reported as
 * information by `known-cycle-gc-rtyper`. Issue 15 removes them. The test fails when one of them
 * no longer exists, so they can only shrink, and on any other import that breaks a rule.
 */

/** @typedef {import("dependency-cruiser").IForbiddenRuleType} Rule */

/** Every target's folder: src/backend-x86 today, src/backend-arm next. */
const TARGET = "backend-[^/]+";

/** Each folder of src/ -> the folders it may import besides itself (a target's row: any target). */
const LAYERS = {
  lib: [],
  // The LL IR's own floor: LL types, operations, graphs, their text, the verifier, the LL interpreter.
  llir: [],
  frontend: ["lib"],
  annotator: ["frontend", "lib"],
  rtyper: ["llir", "annotator", "frontend", "lib"],
  gc: ["llir", "rtyper", "annotator", "frontend", "lib"],
  jit: ["llir", "gc", "rtyper", "annotator", "frontend", "lib"],
  // The target-independent part of code generation (issue 15, item 5): it never imports a target.
  backend: ["llir", "jit", "gc", "rtyper", "frontend", "lib"],
  // Other targets pass this row and are refused by target-imports-no-other-target.
  [TARGET]: [TARGET, "backend", "llir", "jit", "gc", "rtyper", "frontend", "lib"],
  translator: [TARGET, "backend", "llir", "jit", "gc", "rtyper", "annotator", "frontend", "lib"],
  checked: ["llir", "rtyper", "annotator", "frontend", "lib"],
  fuzz: ["translator", "checked", TARGET, "backend", "llir", "jit", "gc", "rtyper", "annotator", "frontend", "lib"],
  cli: ["translator", "checked", TARGET, "backend", "llir", "jit", "gc", "rtyper", "annotator", "frontend", "lib"],
};

/**
 * The imports that break a rule today, each exempted from that rule alone. Issue 15 removes them
 * (the RTS runtime gets one home, gc and rtyper stop importing each other); never add one.
 */
const KNOWN_VIOLATIONS = [
  {
    rule: "rtyper-layer",
    from: "src/rtyper/native-runtime.ts",
    to: "src/gc/layout.ts",
    why: "issue 15: the native runtime reads the root stack's size (NATIVE_ROOT_STACK_BYTES) from gc/layout",
  },
  {
    rule: "rtyper-layer",
    from: "src/rtyper/helpers/index.ts",
    to: "src/gc/collector.ts",
    why: "issue 15: the runtime helpers' index re-exports the collector's entry points: the runtime has no home of its own",
  },
  {
    rule: "rtyper-layer",
    from: "src/rtyper/helpers/runtime-env.ts",
    to: "src/gc/layout.ts",
    why: "issue 15: the runtime's environment (RTS) reads where envp is kept (SHARED_ENVP) from gc/layout: the runtime has no home of its own",
  },
];

/** The one cycle between folders today (the folders and those inside them): issue 15 breaks it. */
const KNOWN_FOLDER_CYCLE = "^src/(gc|rtyper)(/|$)";

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
    from: { path: "^src/([^/]+)", pathNot: KNOWN_FOLDER_CYCLE },
    to: { circular: true, pathNot: "^src/$1(/|$)" },
  },
  {
    name: "no-cycle-between-folders",
    severity: "error",
    comment: "No import cycle between two folders of src/, except the known one between gc and rtyper (issue 15).",
    scope: "folder",
    from: { path: KNOWN_FOLDER_CYCLE },
    to: { circular: true, pathNot: KNOWN_FOLDER_CYCLE },
  },
  {
    // Reported as information (not an error), so that the test sees that it still exists.
    name: "known-cycle-gc-rtyper",
    severity: "info",
    comment:
      "issue 15: gc and rtyper import each other (the RTS runtime helpers in rtyper/helpers re-export the collector; " +
      "the LL interpreter, the native runtime and the runtime's environment read gc/layout). Never add another.",
    scope: "folder",
    from: { path: "^src/(gc|rtyper)(/|$)" },
    to: { circular: true, path: KNOWN_FOLDER_CYCLE, pathNot: "^src/$1(/|$)" },
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
    // dependency-cruiser's own baseline: these imports are reported with severity "ignore".
    knownViolations: KNOWN_VIOLATIONS.map(({ rule, from, to, why }) => ({
      type: "dependency",
      rule: { name: rule, severity: "error" },
      from,
      to,
      comment: why,
    })),
  },
};
