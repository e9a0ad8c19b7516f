/**
 * The errors the toolchain reports about a user's program, and their one shape on the terminal:
 * `file:line:col: error: message` (or `file: error: message` when there is no position).
 * Everything that is the user's fault is a UserError; anything else is an internal error.
 */

import path from "node:path";
import type { SourceDiagnostic } from "./strip.js";

/** An error in the user's program or command line; reported without a toolchain stack trace. */
export class UserError extends Error {
  readonly file: string | undefined;
  readonly line: number | undefined;
  readonly column: number | undefined;
  readonly reason: string;

  constructor(file: string | undefined, line: number | undefined, column: number | undefined, reason: string) {
    super(formatDiagnostic(file, line, column, reason));
    this.name = "UserError";
    this.file = file;
    this.line = line;
    this.column = column;
    this.reason = reason;
  }

  static fromDiagnostic(diagnostic: SourceDiagnostic): UserError {
    return new UserError(diagnostic.file, diagnostic.line, diagnostic.column, diagnostic.message);
  }
}

/**
 * A bug of the toolchain met while handling a place of the user's program: the message says it
 * is internal, and names the place, so that the bug can be reported (and worked around).
 */
export class InternalError extends Error {
  readonly pos: { file: string; line: number; column: number };
  readonly original: unknown;

  constructor(pos: { file: string; line: number; column: number }, original: unknown) {
    super(original instanceof Error ? original.message : String(original));
    this.name = "InternalError";
    this.pos = pos;
    this.original = original;
  }

  /** Wraps error unless it already names a place (an inner InternalError is more precise). */
  static at(pos: { file: string; line: number; column: number }, error: unknown): InternalError {
    return error instanceof InternalError ? error : new InternalError(pos, error);
  }
}

/** The one-line form of a diagnostic. */
export function formatDiagnostic(
  file: string | undefined,
  line: number | undefined,
  column: number | undefined,
  reason: string,
): string {
  const where = file === undefined ? "rts" : line === undefined ? file : `${file}:${line}:${column ?? 1}`;
  return `${where}: error: ${reason}`;
}

/** A path as users should see it: relative to the working directory when below it. */
export function displayPath(file: string): string {
  const relative = path.relative(process.cwd(), file);
  return relative && !relative.startsWith("..") && !path.isAbsolute(relative) ? relative : file;
}
