/**
 * A fuzz worker: a child process of the fuzz command (main.ts) that runs seeds one at a time,
 * in its own scratch directory (removed when it exits), and answers each with a FuzzResult.
 * Lowering and translation run in this process; each worker lives for a bounded number of
 * programs (the command starts a new one), since every program's modules stay loaded.
 *
 * Protocol (process messages): in WorkerRequest; out a FuzzResult, or {crashed} when
 * the pipeline itself failed.
 */

import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { fuzzUnit, type FuzzOptions } from "./fuzz-one.js";

/** Seeds to run as one unit, and the kinds of difference already reduced in this run (not reduced again). */
export type WorkerRequest = { seeds: number[]; options: FuzzOptions; skipKinds: string[] } | { exit: true };

const scratch = mkdtempSync(path.join(os.tmpdir(), "rts-fuzz-"));
process.chdir(scratch);
const cleanUp = () => {
  process.chdir(os.tmpdir());
  rmSync(scratch, { recursive: true, force: true });
};
process.on("exit", cleanUp);
process.on("SIGTERM", () => process.exit(143));

process.on("message", (message: WorkerRequest) => {
  if ("exit" in message) {
    process.disconnect();
    return;
  }
  fuzzUnit(message.seeds, message.options, (kind) => !message.skipKinds.includes(kind)).then(
    (result) => process.send!(result),
    (error: unknown) => process.send!({ crashed: error instanceof Error ? (error.stack ?? error.message) : String(error) }),
  );
});
