import os from "node:os";
import { fileURLToPath } from "node:url";
import path from "node:path";
import { defineConfig } from "vitest/config";
import { BaseSequencer, type TestSpecification } from "vitest/node";

const root = fileURLToPath(new URL(".", import.meta.url));

/**
 * The files that take longest, longest first, started first so that the workers finish together:
 * left to the default order (on a fresh clone, without timings of an earlier run, the order of
 * the folders), the corpus started last and ran alone for minutes. Seconds of one idle
 * `CI=true npm test --reporter=json` on the 2-core machine (issue 17's third session: 6 min 19 s in all).
 */
const LONGEST_FIRST = [
  "tests/differential/corpus.test.ts", // 149 s (three batches: --opt 2, --opt 0, --opt 2 --jit in four modes)
  "tests/differential/native-bf.test.ts", // 65 s in the suite (43 s alone)
  "tests/fuzz/sample.test.ts", // 62 s
  "tests/jitview/browser.test.ts", // 56 s with ../shared: a --jit binary's mandel.b log in chromium
  "tests/bench/bench.test.ts", // 42 s (translates bf and lox with and without --jit)
  "tests/differential/jit-native.test.ts", // 36 s
  "tests/differential/lox-llinterp.test.ts", // 34 s
  "tests/architecture/typecheck.test.ts", // 17 s, one thread: early, beside the long ones
  "tests/rtyper/native-runtime.test.ts", // 24 s (was 104 s: the LL interpreter filled a 1 GB shadow stack)
  "tests/jit/llinterp-jit.test.ts", // 20 s
  "tests/differential/native-checked.test.ts", // 19 s
  "tests/docs/tutorial.test.ts", // 16 s, in order: two translations
  "tests/differential/jit-llinterp.test.ts", // 17 s
  "tests/cli/translate.test.ts", // 18 s
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
