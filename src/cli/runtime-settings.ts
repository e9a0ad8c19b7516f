/**
 * The runtime's start check (src/runtime/settings.ts) for programs that run
 * without the translated runtime: `rts run` on Node and `rts run --llinterp`. The check itself is
 * the RTS code every binary runs, executed here untranslated on the simulated memory of
 * "rts/system" with Node's environment as its envp block, so that a bad RTS_* value stops the
 * program with the same message and status (2) in every mode. It returns when all are good.
 */

import { SHARED_ENVP } from "../runtime/gc/layout.js";
import { gcShared, osMmap, resetSimulatedMemory, storeByte, storeWord } from "../lib/system.js";
import { logReset } from "../runtime/log.js";
import { checkRuntimeSettings } from "../runtime/settings.js";

export function checkRuntimeSettingsOnNode(env: NodeJS.ProcessEnv = process.env): void {
  withRuntimeEnvironment(checkRuntimeSettings, env);
}

/**
 * Runs RTS runtime code (the start check, the JIT's runtime and its log) untranslated, on fresh
 * simulated memory with Node's RTS* variables as its environment; the log it opened is closed
 * after it (RTSLOG's file is written then).
 */
export function withRuntimeEnvironment(work: () => void, env: NodeJS.ProcessEnv = process.env): void {
  resetSimulatedMemory();
  // Only the runtime's own variables (they all start with RTS) need to be there.
  const entries = Object.entries(env)
    .filter(([name, value]) => name.startsWith("RTS") && value !== undefined)
    .map(([name, value]) => Buffer.from(`${name}=${value}\0`, "utf8"));
  const envp = osMmap(8 * (entries.length + 1));
  entries.forEach((bytes, i) => {
    const at = osMmap(bytes.length);
    bytes.forEach((byte, j) => storeByte(at, j, byte));
    storeWord(envp, i * 8, at);
  });
  storeWord(gcShared(), SHARED_ENVP, envp);
  work();
  logReset(); // closes the log file the work opened
  resetSimulatedMemory();
}
