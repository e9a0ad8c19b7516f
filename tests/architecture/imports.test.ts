/**
 * The import rules between the folders of src/ (.dependency-cruiser.cjs, docs/architecture.md
 * "Layers"), checked by dependency-cruiser in process: src/ breaks none of them and none is
 * exempted, and a forbidden import added to a small tree fails with the rule's name and both files.
 */

import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import os from "node:os";
import path from "node:path";
import { cruise, format, type ICruiseOptions, type ICruiseResult, type IConfiguration, type IViolation } from "dependency-cruiser";
import extractTSConfig from "dependency-cruiser/config-utl/extract-ts-config";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { repoRoot } from "../helpers/run-rts.ts";

const config = createRequire(import.meta.url)(path.join(repoRoot, ".dependency-cruiser.cjs")) as IConfiguration;

/** Cruises `src` under `baseDir` with the rule file's rules and options. */
async function cruiseSrc(baseDir: string, tsConfigFile?: string): Promise<ICruiseResult> {
  const { tsConfig: _tsConfig, ...options } = config.options ?? {};
  const cruiseOptions: ICruiseOptions = { ...options, baseDir, validate: true, ruleSet: { forbidden: config.forbidden } };
  if (tsConfigFile === undefined) return (await cruise(["src"], cruiseOptions)).output as ICruiseResult;
  // The resolver reads the paths ("rts" -> src/lib) from the file; the parser takes its options.
  const fileName = path.join(baseDir, tsConfigFile);
  const result = await cruise(["src"], { ...cruiseOptions, tsConfig: { fileName } }, undefined, { tsConfig: extractTSConfig(fileName) });
  return result.output as ICruiseResult;
}

/** dependency-cruiser's own one-line-per-violation report, as `npx depcruise` prints it. */
async function report(result: ICruiseResult): Promise<string> {
  return (await format(result, { outputType: "err" })).output as string;
}

const failures = (result: ICruiseResult): IViolation[] =>
  result.summary.violations.filter((violation) => violation.rule.severity === "error" || violation.rule.severity === "warn");

describe("import rules on src/", () => {
  let result: ICruiseResult;
  // About 5 s on a busy machine (TypeScript parses every file): more than a hook's default 10 s
  // when the machine is loaded.
  beforeAll(async () => {
    result = await cruiseSrc(repoRoot, "tsconfig.json");
  }, 120_000);

  it("src/ breaks no rule", async () => {
    expect(result.summary.totalCruised).toBeGreaterThan(100);
    expect(failures(result), await report(result)).toEqual([]);
  });

  it("exempts no import: no known violations, nothing reported below an error", () => {
    expect(config.options?.knownViolations ?? []).toEqual([]);
    const ignoredOrInformation = result.summary.violations.filter((violation) => violation.rule.severity !== "error" && violation.rule.severity !== "warn");
    expect(ignoredOrInformation).toEqual([]);
    expect((config.forbidden ?? []).filter((rule) => rule.severity !== "error").map((rule) => rule.name)).toEqual([]);
  });
});

describe("a forbidden import fails the check", () => {
  const scratch = mkdtempSync(path.join(os.tmpdir(), "rts-imports-"));
  afterAll(() => rmSync(scratch, { recursive: true, force: true }));
  let count = 0;

  /** Writes `files` (path under src/ -> imports) as a tree and cruises it with the same rules. */
  async function cruiseTree(files: Record<string, string[]>): Promise<ICruiseResult> {
    const root = path.join(scratch, String(count++));
    for (const [file, imports] of Object.entries(files)) {
      const full = path.join(root, "src", file);
      mkdirSync(path.dirname(full), { recursive: true });
      writeFileSync(full, imports.map((specifier) => `import "${specifier}";\n`).join("") + "export const x = 1;\n");
    }
    return cruiseSrc(root);
  }

  const cases: { name: string; files: Record<string, string[]>; errors: string[] }[] = [
    {
      name: "the annotator importing a backend",
      files: { "annotator/annotator.ts": ["../backend-x86/elf.js"], "backend-x86/elf.ts": [] },
      errors: ["annotator-layer: src/annotator/annotator.ts -> src/backend-x86/elf.ts"],
    },
    {
      name: "one target importing another (a future backend-arm)",
      files: {
        "backend-arm/codegen.ts": ["../backend-x86/elf.js", "../llir/lltype.js"],
        "backend-x86/elf.ts": [],
        "llir/lltype.ts": [],
      },
      errors: ["target-imports-no-other-target: src/backend-arm/codegen.ts -> src/backend-x86/elf.ts"],
    },
    {
      name: "the shared backend layer importing a target",
      files: {
        "backend/regalloc.ts": ["../backend-x86/registers.js", "../llir/llgraph.js"],
        "backend-x86/registers.ts": [],
        "llir/llgraph.ts": [],
      },
      errors: ["backend-layer: src/backend/regalloc.ts -> src/backend-x86/registers.ts"],
    },
    {
      name: "a target importing the annotator",
      files: { "backend-x86/codegen.ts": ["../annotator/model.js"], "annotator/model.ts": [] },
      errors: ["target-layer: src/backend-x86/codegen.ts -> src/annotator/model.ts"],
    },
    {
      name: "the rts library importing a stage",
      files: { "lib/index.ts": ["../frontend/model.js"], "frontend/model.ts": ["../lib/index.js"] },
      errors: [
        "lib-imports-no-stage: src/lib/index.ts -> src/frontend/model.ts",
        "no-cycle-between-folders: src/frontend -> src/lib",
        "no-cycle-between-folders: src/lib -> src/frontend",
      ],
    },
    {
      name: "a stage importing a driver",
      files: { "gctransform/transform.ts": ["../translator/driver.js"], "translator/driver.ts": [] },
      errors: ["gctransform-layer: src/gctransform/transform.ts -> src/translator/driver.ts"],
    },
    {
      name: "the RTS runtime importing the rtyper (the toolchain's imports of the runtime go one way)",
      files: { "runtime/index.ts": ["../rtyper/rtyper.js"], "rtyper/rtyper.ts": ["../runtime/index.js"] },
      errors: [
        "runtime-layer: src/runtime/index.ts -> src/rtyper/rtyper.ts",
        "no-cycle-between-folders: src/rtyper -> src/runtime",
        "no-cycle-between-folders: src/runtime -> src/rtyper",
      ],
    },
    {
      name: "the rtyper importing the GC transform (gc and rtyper never import each other again)",
      files: { "rtyper/lower.ts": ["../gctransform/transform.js"], "gctransform/transform.ts": [] },
      errors: ["rtyper-layer: src/rtyper/lower.ts -> src/gctransform/transform.ts"],
    },
    {
      name: "the collector reading the LL IR's toolchain code, not only the GC's shared words",
      files: {
        "runtime/gc/collector.ts": ["../../llir/gc-shared.js", "../../llir/lltype.js"],
        "llir/gc-shared.ts": [],
        "llir/lltype.ts": [],
      },
      errors: ["runtime-reads-only-llir-constants: src/runtime/gc/collector.ts -> src/llir/lltype.ts"],
    },
    {
      name: "what may import the runtime does (no error): the rtyper its index, a target its layout, the runtime the shared words",
      files: {
        "rtyper/rtyper.ts": ["../runtime/index.js"],
        "backend-x86/codegen.ts": ["../runtime/gc/layout.js"],
        "runtime/index.ts": ["./gc/layout.js", "../lib/system.js"],
        "runtime/gc/layout.ts": ["../../llir/gc-shared.js"],
        "llir/gc-shared.ts": [],
        "lib/system.ts": [],
      },
      errors: [],
    },
    {
      name: "a folder without a layer",
      files: { "newstage/main.ts": ["../lib/index.js"], "lib/index.ts": [] },
      errors: ["folder-has-a-layer: src/newstage/main.ts -> src/lib/index.ts"],
    },
    {
      name: "an import that does not resolve",
      files: { "frontend/load.ts": ["./missing.js"] },
      errors: ["imports-resolve: src/frontend/load.ts -> ./missing.js"],
    },
  ];

  for (const { name, files, errors } of cases) {
    it(name, async () => {
      const result = await cruiseTree(files);
      const found = failures(result).map((violation) => `${violation.rule.name}: ${violation.from} -> ${violation.to}`);
      expect(found.sort()).toEqual([...errors].sort());
      // What a developer sees: the rule's name and both ends, as `npx depcruise` prints them.
      const text = await report(result);
      for (const error of errors) {
        const [rule, ends] = error.split(": ") as [string, string];
        expect(text).toContain(`error ${rule}: ${ends.replace(" -> ", " → ")}`);
      }
    });
  }
});
