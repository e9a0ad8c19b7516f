// The Lox interpreter's entry point (clox's main.c): `lox script.lox` compiles the script to
// bytecode and runs it on the VM. Exit statuses as clox: 65 after compile errors, 70 after a
// runtime error, 64 for a usage error, 74 when the script cannot be read.

import { readFileSync } from "node:fs";
import { INTERPRET_COMPILE_ERROR, INTERPRET_RUNTIME_ERROR, VM, interpret } from "./vm.ts";

/** argv[0] is this target's path, argv[1] the script to run. Returns the exit status. */
export function main(argv: string[]): number {
  if (argv.length !== 2) {
    console.error("Usage: clox [path]");
    return 64;
  }
  const path = argv[1];
  let source: string;
  try {
    source = readFileSync(path, "utf8");
  } catch {
    console.error(`Could not open file "${path}".`);
    return 74;
  }
  const vm = new VM();
  const result = interpret(vm, source);
  if (result === INTERPRET_COMPILE_ERROR) return 65;
  if (result === INTERPRET_RUNTIME_ERROR) return 70;
  return 0;
}
