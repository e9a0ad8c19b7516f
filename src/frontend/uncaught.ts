/**
 * How an exception that escaped the program is shown: `Name: message`, then the TypeScript
 * position where the error was created (the first stack frame in the user's code, positions
 * being preserved by type stripping). `rts run` prints it; translated binaries print the same.
 */

import { fileURLToPath } from "node:url";
import { displayPath } from "./diagnostic.js";

export function formatUncaught(thrown: unknown): string {
  const { header, where } = describeUncaught(thrown);
  return where ? `${header}\n    at ${where}` : header;
}

/** The two parts of an uncaught exception: `Name: message` and `file.ts:line:col` if known. */
export function describeUncaught(thrown: unknown): { header: string; where: string | undefined } {
  if (!(thrown instanceof Error)) return { header: `Uncaught ${String(thrown)}`, where: undefined };
  const header = thrown.message ? `${thrown.name}: ${thrown.message}` : thrown.name;
  return { header, where: userFrame(thrown.stack ?? "") };
}

/** Everything under dist/ is the toolchain: frames there are skipped. */
const TOOLCHAIN_URL = new URL("../", import.meta.url).href;
const FRAME_LOCATION = /\(?(file:\/\/[^()\s]+):(\d+):(\d+)\)?$/;

/** The first stack frame in the user's code, as `file.ts:line:col`. */
function userFrame(stack: string): string | undefined {
  for (const line of stack.split("\n").slice(1)) {
    const match = FRAME_LOCATION.exec(line.trim());
    if (!match || match[1]!.startsWith(TOOLCHAIN_URL)) continue;
    return `${displayPath(fileURLToPath(match[1]!))}:${match[2]}:${match[3]}`;
  }
  return undefined;
}
