import os from "node:os";
import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";

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
  },
});
