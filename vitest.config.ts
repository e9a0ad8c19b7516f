import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";

export default defineConfig({
  resolve: {
    // Tests that import an example directly get the library from source, as `rts run` does.
    alias: { rts: fileURLToPath(new URL("./src/lib/index.ts", import.meta.url)) },
  },
  test: {
    include: ["tests/**/*.test.ts"],
    testTimeout: 120_000,
  },
});
