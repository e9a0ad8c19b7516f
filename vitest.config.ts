import os from "node:os";
import { fileURLToPath } from "node:url";
import path from "node:path";
import { defineConfig } from "vitest/config";
import { BaseSequencer, type TestSpecification } from "vitest/node";

const root = fileURLToPath(new URL(".", import.meta.url));

/**
 * The files that take longest, longest first, started first so that the workers finish together:
 * left to the default order (on a fresh clone, without timings of an earlier run, the order of
 * the folders), the corpus started last and ran alone for minutes. Seconds: each file run alone
 * with `CI=true npx vitest run FILE` on the shared 2-core machine (load 10-15, so 1.5-3x an idle
 * machine's), and in brackets the last idle `CI=true npm test` before the batching of the corpus,
 * the ops programs and the GC transform's corpus and the LL interpreter's cheaper mmap.
 */
const LONGEST_FIRST = [
  "tests/differential/corpus.test.ts", // 902 -> 503 s loaded, 368 -> 232 s of CPU [317 s idle before]
  "tests/fuzz/sample.test.ts", // [68 s]
  "tests/rtyper/native-runtime.test.ts", // 165 -> 58 s loaded [104 s]
  "tests/differential/native-bf.test.ts", // [47 s]
  "tests/differential/native-checked.test.ts", // [45 s]
  "tests/differential/lox-llinterp.test.ts", // [41 s]
  "tests/differential/native-ops.test.ts", // 181 -> 28-45 s loaded [70 s]
  "tests/gctransform/transform.test.ts", // 75 -> 33 s loaded [52 s]
];

class LongestFirst extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const rank = (file: TestSpecification) => {
      const index = LONGEST_FIRST.indexOf(path.relative(root, file.moduleId));
      return index < 0 ? LONGEST_FIRST.length : index;
    };
    // Array.prototype.sort is stable: the other files keep Vitest's own order.
    return (await super.sort(files)).sort((a, b) => rank(a) - rank(b));
  }
}

export default defineConfig({
  resolve: {
    // Tests that import an example directly get the library from source, as `rts run` does.
    alias: [
      { find: /^rts$/, replacement: fileURLToPath(new URL("./src/lib/index.ts", import.meta.url)) },
      { find: /^rts\/system$/, replacement: fileURLToPath(new URL("./src/lib/system.ts", import.meta.url)) },
    ],
  },
  test: {
    include: ["tests/**/*.test.ts"],
    // The compiled toolchain (dist/) is loaded by Node itself, so that its module hooks load RTS
    // targets exactly as bin/rts does (tests that need import time use it).
    server: { deps: { external: [/\/dist\//] } },
    testTimeout: 120_000,
    // Test files at once. Vitest's default is one less than the cores: a single file at a time on
    // a 2-core machine. Most long files spend their time waiting on child processes (translations,
    // translated programs, `rts run`) or in one serial phase (a translation in beforeAll), so two
    // files at once on 2 cores keep both busy.
    maxWorkers: Math.max(2, os.availableParallelism()),
    sequence: { sequencer: LongestFirst },
  },
});
