/**
 * Stack traces, the part every mode shares: which frames are shown, what each is called, and how
 * it is printed. `rts run` (uncaught.ts) maps V8's frames to this form; the LL interpreter and
 * translated binaries (src/rtyper/stack-trace.ts) build it from LL operation positions. Both must
 * print the same text for the same program (docs/architecture.md, "Stack traces").
 *
 * A frame is printed as Node prints it, `    at name (file.ts:line:col)`, or `    at
 * file.ts:line:col` for a function without a name. The name follows one convention in every mode:
 *
 * - a module-level function or a named function expression: its name (`helper`);
 * - a method, static or not: `Class.method`, the class that declares it (V8 names the receiver's
 *   class, `Sub.run` for a method of Base called on a Sub: a translated program cannot know it
 *   for every frame, so `rts run` renames it to `Base.run`);
 * - a constructor: `new Class`.
 *
 * Frames of the toolchain (its runtime helpers, collector and library, compiled or not) and of
 * Node itself are not shown. At most SHOWN_FRAMES frames are printed, innermost first, as
 * Node's default Error.stackTraceLimit.
 */

import path from "node:path";
import { fileURLToPath } from "node:url";
import type { SourcePos } from "./model.js";
import type { FunctionSource } from "./modules.js";

/** How many frames a trace shows at most (Node's default Error.stackTraceLimit). */
export const SHOWN_FRAMES = 10;

/** One frame of a trace: the function's name (undefined: anonymous) and the position in it. */
export interface Frame {
  readonly name: string | undefined;
  readonly pos: SourcePos;
}

/** `    at name (file:line:col)`, or `    at file:line:col` without a name. */
export function formatFrame(frame: Frame): string {
  const where = `${frame.pos.file}:${frame.pos.line}:${frame.pos.column}`;
  return frame.name === undefined ? `    at ${where}` : `    at ${frame.name} (${where})`;
}

/** The lines of a trace (at most SHOWN_FRAMES), each ending with a newline. */
export function formatTrace(frames: readonly Frame[]): string {
  return frames
    .slice(0, SHOWN_FRAMES)
    .map((f) => formatFrame(f) + "\n")
    .join("");
}

/** The name a frame of this function shows (see the file comment). */
export function frameNameOf(source: FunctionSource): string | undefined {
  switch (source.kind) {
    case "function": {
      const name = source.name.slice(source.name.indexOf(".") + 1);
      return name === "<anonymous>" || name === "" ? undefined : name;
    }
    case "method":
    case "static":
      return source.name;
    case "constructor":
      return `new ${source.classSource!.name}`;
  }
}

/**
 * Where a stack overflow in this function is shown: V8 shows the first expression the function
 * evaluates, which for `return f(n + 1)` is the statement; we take the body's first statement
 * (or an arrow function's expression) in every mode, and `rts run` moves V8's position there.
 */
export function entryPosOf(source: FunctionSource): SourcePos | undefined {
  const body = source.node?.body;
  if (!body) return undefined;
  const first = body.type === "BlockStatement" ? body.body[0] : body;
  return first ? source.module.pos(first) : undefined;
}

/** The toolchain's root folder (holding src/ and dist/). */
const TOOLCHAIN_ROOT = fileURLToPath(new URL("../../", import.meta.url));
const TOOLCHAIN_FOLDERS = ["src", "dist"].map((folder) => path.join(TOOLCHAIN_ROOT, folder) + path.sep);

/** Whether a file (as positions show it: relative to the working directory, or absolute) is part of the toolchain. */
export function isToolchainFile(file: string): boolean {
  const absolute = path.resolve(file);
  return TOOLCHAIN_FOLDERS.some((folder) => absolute.startsWith(folder));
}
