// `rts translate --target`: aarch64 and x86-64 are the choices (commander refuses any other
// name, as any bad command line), the default is the host's (x86-64 here: the header line
// names the target only when it is not the host's), `--target aarch64 --jit` is a user error
// before any work (the JIT has no AArch64 trace backend yet), and --help documents the option.

import { mkdtempSync, rmSync, writeFileSync, existsSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { runCommand, runRts } from "../helpers/run-rts.ts";
import { hostTargetName, TARGET_NAMES } from "../../src/translator/target-names.ts";
import { runAarch64 } from "./qemu.ts";

const directory = mkdtempSync(path.join(os.tmpdir(), "rts-a64-cli-"));
afterAll(() => rmSync(directory, { recursive: true, force: true }));
writeFileSync(path.join(directory, "hello.ts"), `export function main(argv: string[]): number {\n  console.log("hello " + argv.join(","));\n  return argv.length;\n}\n`);
const rts = (args: string[]) => runRts(args, { cwd: directory });

describe.concurrent("rts translate --target", () => {
  it("names the host's machine as the default: aarch64 on arm64, x86-64 elsewhere", () => {
    expect(TARGET_NAMES).toEqual(["x86-64", "aarch64"]);
    expect(hostTargetName("arm64")).toBe("aarch64");
    expect(hostTargetName("x64")).toBe("x86-64");
  });

  it("--target aarch64 writes an AArch64 executable that runs under qemu-aarch64", { timeout: 300_000 }, async () => {
    const result = await rts(["translate", "hello.ts", "--target", "aarch64", "-o", "hello-a64"]);
    expect(result.stderr).toBe("");
    expect(result.status).toBe(0);
    expect(result.stdout.split("\n")[0]).toBe(`rts translate hello.ts -> hello-a64 (--opt 2${hostTargetName() === "aarch64" ? "" : ", --target aarch64"})`);
    const binary = path.join(directory, "hello-a64");
    expect((await runCommand("file", ["-b", binary])).stdout).toMatch(/^ELF 64-bit LSB executable, ARM aarch64.*statically linked/);
    expect(await runAarch64(binary, ["a", "b"], { cwd: directory })).toMatchObject({ stdout: "hello hello.ts,a,b\n", stderr: "", status: 3 });
  });

  it("--target x86-64 writes an x86-64 executable", { timeout: 300_000 }, async () => {
    const result = await rts(["translate", "hello.ts", "--target", "x86-64", "-o", "hello-x86"]);
    expect(result.status).toBe(0);
    expect((await runCommand("file", ["-b", path.join(directory, "hello-x86")])).stdout).toMatch(/^ELF 64-bit LSB executable, x86-64.*statically linked/);
  });

  it("refuses a machine it does not know, as any bad command line (commander's choices)", async () => {
    expect(await rts(["translate", "hello.ts", "--target", "riscv64"])).toEqual({
      stdout: "",
      stderr: "rts: error: option '--target <machine>' argument 'riscv64' is invalid. Allowed choices are x86-64, aarch64.\n",
      status: 2,
    });
  });

  it("--target aarch64 --jit is a user error before any work, and writes nothing", async () => {
    const result = await rts(["translate", "hello.ts", "--target", "aarch64", "--jit", "-o", "hello-jit"]);
    expect(result.status).toBe(2);
    expect(result.stderr).toContain("--jit is for --target x86-64 only: the JIT has no aarch64 trace backend yet");
    expect(result.stderr).not.toMatch(/^\s+at .*(\.js|node:)/m);
    expect(existsSync(path.join(directory, "hello-jit"))).toBe(false);
  });

  it("--help documents the option and its choices", async () => {
    const help = await rts(["translate", "--help"]);
    expect(help.status).toBe(0);
    const text = help.stdout.replace(/\s+/g, " ");
    expect(text).toContain(`--target <machine> the machine the executable runs on, the host's by default`);
    expect(text).toContain(`(choices: "x86-64", "aarch64", default: "${hostTargetName()}")`);
  });
});
