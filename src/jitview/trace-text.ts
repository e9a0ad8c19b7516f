/**
 * One line of a trace as the JIT's logs write it (src/runtime/jit/print-trace.ts, RPython's
 * oparser text), taken apart only as far as the viewer needs: the result, the operation's name,
 * its descriptor, a guard's number, a debug_merge_point's location. A backend that knows
 * machine-code offsets puts one before the line (`+123: i2 = int_add(i0, 1)`), and ends the
 * trace with `+456: --end of the loop--` (PyPy's logger); both are read.
 *
 * Lines are not checked further: the viewer shows them as logged.
 */

export interface TraceOp {
  /** The line as logged, without its offset. */
  text: string;
  /** The machine-code offset the backend wrote before it (`+123: `), or null. */
  offset: number | null;
  /** The operation's name (`int_add`); `--end of the loop--` for that marker; "" for a line that is not an operation. */
  name: string;
  /** What `descr=` names (`<Guard0x2a>`, `loop0`), or null. */
  descr: string | null;
  /** A guard's number, read from its descriptor `<Guard0x2a>` (PyPy's form), or null. */
  guard: number | null;
  /** A debug_merge_point's location text (its last argument, unquoted), or null. */
  location: string | null;
}

const OFFSET = /^\+(\d+): (.*)$/;
const OPERATION = /^(?:[a-z]\d+ = )?([a-z_][a-z_0-9]*)\((.*)\)(?: \[[^\]]*\])?$/;
const DESCR = /(?:^|, )descr=(.*)$/;
const GUARD_DESCR = /^<Guard0x(-?[0-9a-f]+)>$/;
export const END_OF_LOOP = "--end of the loop--";

/** A quoted string of the trace text ('...' with \\, \' and \n escaped) back to its text; null if it is not one. */
export function unquote(text: string): string | null {
  if (text.length < 2 || !text.startsWith("'") || !text.endsWith("'")) return null;
  let out = "";
  for (let i = 1; i < text.length - 1; i++) {
    const c = text.charAt(i);
    if (c !== "\\") {
      out += c;
      continue;
    }
    i += 1;
    const next = text.charAt(i);
    out += next === "n" ? "\n" : next;
  }
  return out;
}

/** The parts of one operation line. */
export function parseTraceLine(line: string): TraceOp {
  let text = line;
  let offset: number | null = null;
  const withOffset = OFFSET.exec(line);
  if (withOffset !== null) {
    offset = Number(withOffset[1]);
    text = withOffset[2]!;
  }
  const op: TraceOp = { text, offset, name: "", descr: null, guard: null, location: null };
  if (text === END_OF_LOOP) {
    op.name = END_OF_LOOP;
    return op;
  }
  const operation = OPERATION.exec(text);
  if (operation === null) return op;
  op.name = operation[1]!;
  const args = operation[2]!;
  if (op.name === "debug_merge_point") {
    // (inline depth, call depth, 'location'): the location may hold ", " itself (PyPy's parser splits twice)
    const parts = args.split(", ");
    op.location = unquote(parts.slice(2).join(", "));
    return op;
  }
  const descr = DESCR.exec(args);
  if (descr !== null) {
    op.descr = descr[1]!;
    const guard = GUARD_DESCR.exec(op.descr);
    if (guard !== null && op.name.startsWith("guard_")) op.guard = parseInt(guard[1]!, 16);
  }
  return op;
}
