// Compiled traces as disassembly text: golden files in tests/jit/backend-x86/golden, each a trace
// then `==== disassembly` and the code the backend gives for it, as src/backend-x86's
// disassembler prints it (UPDATE_GOLDEN=1 rewrites it). What the code does is the execution
// tests' business; these show its shape: the prologue, the loop kept in registers, the exit stubs,
// and (runtime-calls.trace, with made-up runtime addresses) calls, allocation, write barriers and
// the safe point at the label with their slow paths.

import path from "node:path";
import { describe, expect, it } from "vitest";
import { X86Disassembler } from "../../../src/backend-x86/disassembler.ts";
import { parseTrace } from "../../../src/jit/parse-trace.ts";
import { blessGolden, readGoldenCases, updating } from "../../helpers/golden.ts";
import { repoRoot } from "../../helpers/run-rts.ts";
import { testNamespace } from "../trace-helpers.ts";
import { compile, disassemblyConfig } from "./check.ts";

const dir = path.join(repoRoot, "tests/jit/backend-x86/golden");

describe("compiled traces as disassembly", () => {
  for (const golden of readGoldenCases(dir, ".trace")) {
    it(golden.name, () => {
      const assembled = compile(parseTrace(golden.input, testNamespace(), golden.name), disassemblyConfig());
      const lines = new X86Disassembler().disassemble(assembled.code, 0, assembled.instructionsSize).map((insn) => `${insn.address.toString(16).padStart(4)}: ${insn.text}`);
      const exits = assembled.exits.map((descr, n) => `exit ${n}: ${descr.name}`);
      const constants = `${assembled.code.length - assembled.instructionsSize} bytes of alignment and float constants`;
      const actual = [...lines, constants, ...exits, `${assembled.ioSlots} io slots, ${assembled.frameWords} frame words`, ""].join("\n");
      if (updating) blessGolden(golden, "disassembly", actual);
      else expect(actual).toBe(golden.expected);
    });
  }
});
