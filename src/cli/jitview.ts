/**
 * `rts jitview LOG [-o page.html] [--serve [port]]`: the JIT viewer. Reads a PYPYLOG-format log
 * written with RTSLOG (jit-log-opt, jit-backend-counts, jit-summary, jit-abort, jit-backend,
 * jit-backend-dump, jit-log-noopt: the dumps' bytes shown disassembled under each trace) and writes one self-contained HTML page (src/jitview/page.ts): by default LOG.html
 * next to the log, with -o where it says. With --serve, it serves the page on 127.0.0.1 instead
 * (the port given, or any free one), reading the log again at each request, and prints the URL;
 * it runs until interrupted.
 *
 * A missing or unreadable file, a file that is not a PYPYLOG-format log, and a log with no JIT
 * section are user errors (status 2) naming the file and, where there is one, the line.
 */

import { readFileSync, writeFileSync } from "node:fs";
import { createServer } from "node:http";
import { UserError } from "../frontend/diagnostic.js";
import { X86Disassembler } from "../backend-x86/disassembler.js";
import { JIT_SECTIONS, JitLogError, machineCodeBytes, readJitLog, type JitLog } from "../jitview/jit-log.js";
import { renderPage } from "../jitview/page.js";
import { parsePypylog, PypylogError } from "../jitview/pypylog.js";

export interface JitviewOptions {
  output?: string;
  /** true: any free port; a string: the port given. */
  serve?: boolean | string;
}

/** The log's JIT view, or a UserError saying why there is none. */
export function loadJitLog(path: string): JitLog {
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const reason = code === "ENOENT" ? "no such file" : code === "EISDIR" ? "is a directory, not a log" : `cannot be read (${code ?? String(error)})`;
    throw new UserError(path, undefined, undefined, reason);
  }
  try {
    const log = readJitLog(parsePypylog(text));
    disassembleMachineCode(log);
    if (log.sectionNames.length === 0) {
      throw new UserError(path, undefined, undefined, `the log has no JIT section (${JIT_SECTIONS.join(", ")}): write one with RTSLOG=jit-log-opt,jit-summary,jit-abort:FILE (and rts run --llinterp --jit, or a binary translated with --jit)`);
    }
    return log;
  } catch (error) {
    if (error instanceof PypylogError) throw new UserError(path, error.line, undefined, `not a PYPYLOG-format log (RTSLOG): ${error.reason}`);
    if (error instanceof JitLogError) throw new UserError(path, error.line, undefined, error.reason);
    throw error;
  }
}

/**
 * The machine code of each trace whose jit-backend header has no disassembly under it, from the
 * log's jit-backend-dump bytes (with the patches of its jumps), as `address: instruction` lines.
 */
function disassembleMachineCode(log: JitLog): void {
  if (log.codeDumps.length === 0) return;
  const disassembler = new X86Disassembler();
  for (const trace of log.traces) {
    const code = trace.machineCode;
    if (code === null || code.lines.length > 0) continue;
    const start = parseInt(code.start, 16);
    const bytes = machineCodeBytes(log.codeDumps, start, parseInt(code.stop, 16));
    if (bytes === null) continue;
    code.lines = disassembler.disassemble(bytes, 0, bytes.length, start).map((insn) => `${insn.address.toString(16)}: ${insn.text}`);
  }
}

function pageOf(path: string): string {
  return renderPage(loadJitLog(path), path);
}

function describe(log: JitLog): string {
  const loops = log.traces.filter((t) => t.kind === "loop").length;
  const bridges = log.traces.length - loops;
  return `${loops} loop${loops === 1 ? "" : "s"}, ${bridges} bridge${bridges === 1 ? "" : "s"}`;
}

export async function jitviewCommand(path: string, options: JitviewOptions): Promise<number> {
  if (options.serve !== undefined) {
    if (options.output !== undefined) throw new UserError(path, undefined, undefined, "-o writes the page to a file, --serve serves it: choose one");
    return serve(path, options.serve === true ? 0 : parsePort(path, options.serve === false ? "0" : options.serve));
  }
  const log = loadJitLog(path);
  const output = options.output ?? `${path}.html`;
  try {
    writeFileSync(output, renderPage(log, path));
  } catch (error) {
    throw new UserError(output, undefined, undefined, `cannot write the page (${(error as NodeJS.ErrnoException).code ?? String(error)})`);
  }
  process.stdout.write(`wrote ${output} (${describe(log)})\n`);
  return 0;
}

function parsePort(path: string, text: string): number {
  const port = Number(text);
  if (!/^\d+$/.test(text) || port > 65535) throw new UserError(path, undefined, undefined, `--serve takes a port number (0 to 65535), not ${JSON.stringify(text)}`);
  return port;
}

/** Serves the page until the process is stopped; the log is read again at each request. */
function serve(path: string, port: number): Promise<number> {
  const first = loadJitLog(path); // a bad log is an error now, not at the first request
  return new Promise((resolve, reject) => {
    const server = createServer((request, response) => {
      if (request.url !== "/" && request.url !== "/index.html") {
        response.writeHead(404, { "content-type": "text/plain; charset=utf-8" }).end("rts jitview serves one page, at /\n");
        return;
      }
      try {
        response.writeHead(200, { "content-type": "text/html; charset=utf-8" }).end(pageOf(path));
      } catch (error) {
        const message = error instanceof UserError ? error.message : `internal error: ${String(error)}`;
        response.writeHead(500, { "content-type": "text/plain; charset=utf-8" }).end(`${message}\n`);
      }
    });
    server.on("error", (error: NodeJS.ErrnoException) => {
      reject(new UserError(path, undefined, undefined, `cannot serve on port ${port} (${error.code ?? String(error)})`));
    });
    server.listen(port, "127.0.0.1", () => {
      const address = server.address();
      const actual = typeof address === "object" && address !== null ? address.port : port;
      process.stdout.write(`serving ${path} (${describe(first)}) at http://127.0.0.1:${actual}/ (Ctrl-C stops)\n`);
    });
    const stop = (): void => {
      server.close(() => resolve(0));
    };
    process.once("SIGINT", stop);
    process.once("SIGTERM", stop);
  });
}
