// Raw strings and a process environment in the simulated memory of "rts/system" (untranslated),
// for tests of the runtime written in RTS (runtime-env.ts, runtime-log.ts, the collector): the
// envp block the start code of a translated program leaves in SHARED_ENVP.

import { gcShared, osMmap, storeByte, storeWord } from "../../src/lib/system.ts";
import { SHARED_ENVP } from "../../src/runtime/gc/layout.ts";

/** The UTF-8 bytes of s and a NUL, in fresh simulated memory; their address. */
export function rawCString(s: string): number {
  const bytes = Buffer.from(s, "utf8");
  const address = osMmap(bytes.length + 1);
  bytes.forEach((byte, i) => storeByte(address, i, byte));
  storeByte(address, bytes.length, 0);
  return address;
}

/**
 * Makes entries ("NAME=value") the environment SHARED_ENVP points to; null: no environment
 * (the word is 0). Call after resetSimulatedMemory().
 */
export function setSimulatedEnvironment(entries: string[] | null): void {
  if (entries === null) {
    storeWord(gcShared(), SHARED_ENVP, 0);
    return;
  }
  const envp = osMmap((entries.length + 1) * 8);
  entries.forEach((entry, i) => storeWord(envp, i * 8, rawCString(entry)));
  storeWord(envp, entries.length * 8, 0);
  storeWord(gcShared(), SHARED_ENVP, envp);
}
