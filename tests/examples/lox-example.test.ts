// The Lox program the README runs prints what the README's reader expects.

import { expect, it } from "vitest";
import { runRts } from "../helpers/run-rts.ts";

it("runs examples/lox/hello.lox", async () => {
  const result = await runRts(["run", "examples/lox/lox.ts", "examples/lox/hello.lox"]);
  expect(result).toEqual({ stdout: "2\nHello, Lox!\nHELLO, Lox!\n0.333333\n", stderr: "", status: 0 });
});

it("exits 64 with clox's usage line when no script is given", async () => {
  const result = await runRts(["run", "examples/lox/lox.ts"]);
  expect(result).toEqual({ stdout: "", stderr: "Usage: clox [path]\n", status: 64 });
});
