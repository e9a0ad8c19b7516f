// `rts translate`: the phases printed with their times and a summary, the executable written as
// <target>-c (or -o) with mode 755, --opt checked, and a program that is not RTS reported with the
// annotator's messages and status 2, never with a stack trace of the toolchain.

import { execFileSync } from "node:child_process";
import { existsSync, lstatSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { runCommand, runRts } from "../helpers/run-rts.ts";

const directory = mkdtempSync(path.join(os.tmpdir(), "rts-translate-"));
afterAll(() => rmSync(directory, { recursive: true, force: true }));

writeFileSync(
  path.join(directory, "hello.ts"),
  `export function main(argv: string[]): number {\n  console.log("hello " + argv.join(","));\n  return argv.length;\n}\n`,
);
// The README's example of a program that is not RTS.
writeFileSync(
  path.join(directory, "demo.ts"),
  `const names = new Map<string, string>();\n\nfunction count(key: string): number {\n  return names.get(key).length;\n}\n\n` +
    `export function main(argv: string[]): number {\n  names.set("a", "alpha");\n  return count(argv[1]!);\n}\n`,
);

/** Runs rts in the scratch directory, so that targets and default outputs are local names. */
const rts = (args: string[]) => runRts(args, { cwd: directory });

const PHASES = ["loading", "annotation", "flow graphs", "rtyping", "optimisation", "transforms", "code generation", "linking"];
const TIME = /\(?\d+ ms\)?/;

/** No line of a JavaScript stack trace (`    at fn (file.js:1:2)`) anywhere. */
function expectNoStackTrace(text: string) {
  expect(text).not.toMatch(/^\s+at .*(\.js|node:)/m);
  expect(text).not.toContain("internal error");
}

describe("rts translate", () => {
  it("prints each phase with its time, writes <target>-c with mode 755, and the binary runs", async () => {
    const result = await rts(["translate", "hello.ts"]);
    expect(result.stderr).toBe("");
    expect(result.status).toBe(0);
    const lines = result.stdout.split("\n");
    expect(lines[0]).toBe("rts translate hello.ts -> hello-c (--opt 2)");
    const phaseLines = lines.slice(1, 1 + PHASES.length);
    expect(phaseLines.map((l) => l.trim().split(/\s{2,}/)[0])).toEqual(PHASES);
    for (const line of phaseLines) expect(line).toMatch(TIME);
    expect(phaseLines[2]).toContain("built on demand by the annotator");
    expect(lines[1 + PHASES.length]).toMatch(/^translated hello\.ts into hello-c in \d+\.\d\d s: \d+ functions, /);
    const binary = path.join(directory, "hello-c");
    expect(statSync(binary).mode & 0o777).toBe(0o755);
    expect(await runCommand(binary, ["a", "b"])).toEqual({ stdout: "hello hello.ts,a,b\n", stderr: "", status: 3 });
  });

  it("-o names the executable; --opt 0 skips the optimisation", async () => {
    mkdirSync(path.join(directory, "out"), { recursive: true });
    const result = await rts(["translate", "hello.ts", "-o", "out/hello-plain", "--opt", "0"]);
    expect(result.stderr).toBe("");
    expect(result.status).toBe(0);
    expect(result.stdout).toMatch(/^ {2}optimisation +skipped \(--opt 0\)$/m);
    expect(result.stdout).toContain("into out/hello-plain");
    expect(await runCommand(path.join(directory, "out/hello-plain"), [])).toEqual({ stdout: "hello hello.ts\n", stderr: "", status: 1 });
  });

  it("refuses an --opt other than 0 or 2, as any bad command line (commander's choices)", async () => {
    const refused = { stdout: "", stderr: "rts: error: option '--opt <level>' argument '1' is invalid. Allowed choices are 0, 2.\n", status: 2 };
    expect(await rts(["translate", "hello.ts", "--opt", "1"])).toEqual(refused);
    expect(await rts(["run", "--llinterp", "--opt", "1", "hello.ts"])).toEqual(refused);
  });

  it("gives the annotator's messages and status 2 for a program that is not RTS, and writes nothing", async () => {
    const result = await rts(["translate", "demo.ts"]);
    expect(result.status).toBe(2);
    // The annotator's own wording is its tests' business; here: the position, the frame, the count.
    expect(result.stderr).toMatch(
      /^demo\.ts:4:10: error: reading \.length of a value that may be undefined.*\n> 4 \| {3}return names\.get\(key\)\.length;\n {4}\| {10}\^\n {2}reached from: main \(demo\.ts:9\) -> count\n\n1 error\n$/,
    );
    expect(result.stdout).toMatch(/^ {2}annotation .*\n {2}flow graphs .*\nnot RTS: 1 error\n$/m);
    expect(existsSync(path.join(directory, "demo-c"))).toBe(false);
    expectNoStackTrace(result.stdout + result.stderr);
  });

  it("names a missing target as a user error", async () => {
    const result = await rts(["translate", "nowhere.ts"]);
    expect(result.stderr).toBe("nowhere.ts: error: no such file\n");
    expect(result.status).toBe(2);
  });

  it("says when the executable cannot be written", async () => {
    const result = await rts(["translate", "hello.ts", "-o", "no-such-dir/hello-c"]);
    expect(result.stderr).toBe("no-such-dir/hello-c: error: cannot write the executable: no such directory\n");
    expect(result.status).toBe(2);
    expectNoStackTrace(result.stdout + result.stderr);
  });

  it("writes only a regular file or a new path: never a device, a FIFO, a symbolic link or an input module", async () => {
    mkdirSync(path.join(directory, "out"), { recursive: true });
    writeFileSync(path.join(directory, "out/kept.txt"), "kept");
    symlinkSync("kept.txt", path.join(directory, "out/link-c"));
    execFileSync("mkfifo", [path.join(directory, "out/fifo-c")]);
    writeFileSync(path.join(directory, "helper.ts"), `export function twice(n: number): number {\n  return 2 * n;\n}\n`);
    writeFileSync(path.join(directory, "uses.ts"), `import { twice } from "./helper.ts";\nexport function main(argv: string[]): number {\n  return twice(argv.length);\n}\n`);
    const RULE = "rts translate -o writes only a regular file or a new path";
    const cases: [string, string[], string][] = [
      ["/dev/full", ["hello.ts"], "it is a device"],
      ["out/fifo-c", ["hello.ts"], "it is a FIFO"],
      ["out/link-c", ["hello.ts"], "it is a symbolic link"],
      ["out", ["hello.ts"], "it is a directory"],
      ["hello.ts", ["hello.ts"], "it is the input module hello.ts"],
      ["./out/../helper.ts", ["uses.ts"], "it is the input module helper.ts"],
    ];
    for (const [output, target, reason] of cases) {
      const result = await rts(["translate", ...target, "-o", output]);
      expect({ output, stderr: result.stderr, status: result.status }).toEqual({ output, stderr: `${output}: error: cannot write the executable: ${reason}; ${RULE}\n`, status: 2 });
    }
    expect(readFileSync(path.join(directory, "out/kept.txt"), "utf8")).toBe("kept");
    expect(lstatSync(path.join(directory, "out/link-c")).isSymbolicLink()).toBe(true);
    expect(lstatSync(path.join(directory, "out/fifo-c")).isFIFO()).toBe(true);
    expect(readFileSync(path.join(directory, "hello.ts"), "utf8")).toContain("export function main");
    expect(readFileSync(path.join(directory, "helper.ts"), "utf8")).toContain("export function twice");
    expect(lstatSync("/dev/full").isCharacterDevice()).toBe(true);
  });

  it("stops a binary whose main returns a fraction with a fatal error naming main, as rts run --llinterp does", async () => {
    writeFileSync(path.join(directory, "fraction.ts"), `export function main(argv: string[]): number {\n  return argv.length + 1.5;\n}\n`);
    expect((await rts(["translate", "fraction.ts"])).status).toBe(0);
    const expected = { stdout: "", stderr: "fatal error: the number 2.5 is not an integer the program can hold\n    at fraction.ts:1:8\n", status: 70 };
    expect(await runCommand(path.join(directory, "fraction-c"), [], { cwd: directory })).toEqual(expected);
    expect(await rts(["run", "--llinterp", "fraction.ts"])).toEqual(expected);
  });

  it("--help describes the options", async () => {
    const result = await rts(["translate", "--help"]);
    expect(result.status).toBe(0);
    expect(result.stdout).toContain("-o, --output <file>");
    expect(result.stdout).toContain("--opt <level>");
  });
});
