// The small examples/bf cases both targets' differential tests run (tests/differential/native-bf.test.ts
// for x86-64, tests/backend-arm/native-bf.test.ts under qemu-aarch64): input, tape growth at both
// ends, wrapping, the errors, the usage message. Programs written for a case go into directory.

import { writeFileSync } from "node:fs";
import path from "node:path";

export interface BfCase {
  name: string;
  args: () => string[];
  input?: string;
}

export function bfSmallCases(directory: string): BfCase[] {
  const program = (name: string, text: string): string => {
    const file = path.join(directory, name);
    writeFileSync(file, text);
    return file;
  };
  return [
    { name: "examples/bf/hello.b", args: () => ["examples/bf/hello.b"] },
    { name: "echo plus one", args: () => ["tests/fixtures/bf/echo-plus-one.b"], input: "abc" },
    { name: "wide tape", args: () => ["tests/fixtures/bf/wide-tape.b"] },
    // Moving left of the first cell grows the tape to the left.
    { name: "tape growth", args: () => [program("grow.b", "<" + "+".repeat(66) + ".>>>" + "+".repeat(67) + ".<<<.")] },
    // Cells wrap at 8 bits both ways; a counted loop of 65536 steps.
    { name: "wrapping", args: () => [program("wrap.b", "-." + "+.+.>++++[<++++++++>-]<[>+<-]>." + "+[>+[+]<+]>.")] },
    // Echoes its input up to the first newline (a cell is left unchanged at the end of input).
    { name: "echo", args: () => [program("echo.b", ",----------[++++++++++.,----------]")], input: "some input\nnot this line\n" },
    { name: "unmatched ]", args: () => [program("bad1.b", "+\n+]")] },
    { name: "unmatched [", args: () => ["tests/fixtures/bf/unmatched.b"] },
    { name: "missing file", args: () => [path.join(directory, "no-such.b")] },
    { name: "usage", args: () => [] },
  ];
}
