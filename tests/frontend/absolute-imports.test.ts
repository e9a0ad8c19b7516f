// A target may import a module by its absolute path (as a generated wrapper does, such as
// tests/jit/jit-runtime-examples.test.ts's): Node resolves it, and the loader must gather it into
// the program too, else the annotator finds its functions "not part of the program's source".

import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { repoRoot } from "../helpers/run-rts.ts";

const dist = (file: string) => import(/* @vite-ignore */ path.join(repoRoot, "dist", file));
const { loadProgram } = await dist("frontend/modules.js");
const { Annotator } = await dist("annotator/annotator.js");
const { formatErrors } = await dist("annotator/print-annotations.js");

const workDir = mkdtempSync(path.join(tmpdir(), "rts-absolute-imports-"));
const helper = path.join(repoRoot, "tests/fixtures/run/helper");

describe("absolute imports", () => {
  afterAll(() => rmSync(workDir, { recursive: true, force: true }));

  for (const spelling of [".js", ".ts", ""]) {
    it(`follows an absolute import spelled '${spelling || "no extension"}'`, async () => {
      const target = path.join(workDir, `target${spelling.replace(".", "-")}.ts`);
      writeFileSync(target, `import { helper } from "${helper}${spelling}";\n\nexport function main(argv: string[]): number {\n  console.log(helper(argv[0]!));\n  return 0;\n}\n`);
      const program = await loadProgram(target);
      expect(program.modules.map((m: { file: string }) => m.file)).toContain(`${helper}.ts`);
      const annotator = new Annotator(program);
      annotator.annotateMain();
      expect(annotator.errors.length > 0 ? formatErrors(annotator) : "").toBe("");
    });
  }
});
