// `rts jitview LOG`: the page written where -o says (or LOG.html), served with --serve, and the
// user errors (status 2, one line naming the file, no stack): a missing file, a file that is not
// a log, a log without JIT sections, a JIT section that is not what its name says. One run makes
// a fresh log with the JIT of today (rts run --llinterp --jit) and checks that its page links the
// guard to its bridge.

import { spawn } from "node:child_process";
import { copyFileSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { readJitLog } from "../../src/jitview/jit-log.ts";
import { renderPage } from "../../src/jitview/page.ts";
import { parsePypylog } from "../../src/jitview/pypylog.ts";
import { repoRoot, rtsBin, runRts } from "../helpers/run-rts.ts";

const directory = mkdtempSync(join(tmpdir(), "rts-jitview-cli-"));
afterAll(() => rmSync(directory, { recursive: true, force: true }));
const fixture = (name: string): string => join(repoRoot, "tests/fixtures/jitview", name);

describe("rts jitview", () => {
  it("writes LOG.html next to the log by default, and where -o says", async () => {
    const log = join(directory, "bf.log");
    copyFileSync(fixture("bf-bridge.log"), log);
    const result = await runRts(["jitview", log]);
    expect(result).toEqual({ stdout: `wrote ${log}.html (1 loop, 1 bridge)\n`, stderr: "", status: 0 });
    expect(readFileSync(`${log}.html`, "utf8")).toBe(renderPage(readJitLog(parsePypylog(readFileSync(log, "utf8"))), log));
    const page = join(directory, "page.html");
    const withOutput = await runRts(["jitview", fixture("counts-backend.log"), "-o", page]);
    expect(withOutput.stdout).toBe(`wrote ${page} (2 loops, 2 bridges)\n`);
    expect(readFileSync(page, "utf8")).toContain('<tr data-trace="loop-1">');
  });

  const errors: [string, () => string[], RegExp][] = [
    ["a missing file", () => ["jitview", join(directory, "nothing.log")], /^\S*nothing\.log: error: no such file\n$/],
    ["a directory", () => ["jitview", directory], /: error: is a directory, not a log\n$/],
    ["a file that is not a log", () => ["jitview", "examples/bf/bf.ts"], /^examples\/bf\/bf\.ts:1(:\d+)?: error: not a PYPYLOG-format log \(RTSLOG\): text outside every section "\/\*\*"\n$/],
    ["a log with no JIT section", () => ["jitview", write("gc.log", "[1] {gc-minor\nsurvivors: 3\n[2] gc-minor}\n")], /gc\.log: error: the log has no JIT section \(jit-log-opt-loop, .*RTSLOG=jit-log-opt,jit-summary,jit-abort:FILE/],
    ["a log cut short", () => ["jitview", write("cut.log", "[1] {jit-log-opt-loop\n# Loop 0 (x) : loop with 1 ops\n")], /cut\.log: error: not a PYPYLOG-format log \(RTSLOG\): section jit-log-opt-loop \(line 1, started at 1\) is not closed at the end of the log\n$/],
    ["a JIT section with a wrong header", () => ["jitview", write("bad.log", "[1] {jit-log-opt-loop\n# Loop zero\n[2] jit-log-opt-loop}\n")], /bad\.log:2(:\d+)?: error: jit-log-opt-loop starts with "# Loop zero", not "# Loop N \(location\) : loop with N ops"\n$/],
    ["a page that cannot be written", () => ["jitview", fixture("bf-bridge.log"), "-o", join(directory, "no/such/dir/page.html")], /page\.html: error: cannot write the page \(ENOENT\)\n$/],
    ["-o with --serve", () => ["jitview", fixture("bf-bridge.log"), "-o", "x.html", "--serve"], /error: -o writes the page to a file, --serve serves it: choose one\n$/],
    ["a port that is not one", () => ["jitview", fixture("bf-bridge.log"), "--serve", "http"], /error: --serve takes a port number \(0 to 65535\), not "http"\n$/],
  ];
  it.each(errors)("refuses %s with status 2 and one line", async (_name, args, message) => {
    const result = await runRts(args());
    expect(result.status).toBe(2);
    expect(result.stdout).toBe("");
    expect(result.stderr).toMatch(message);
    expect(result.stderr).not.toMatch(/\n\s+at /); // no stack
  });

  it("serves the page with --serve, printing its URL, until stopped", async () => {
    const child = spawn(process.execPath, [rtsBin, "jitview", fixture("counts-backend.log"), "--serve"], { cwd: repoRoot, env: { ...process.env, FORCE_COLOR: "0" } });
    try {
      let stdout = "";
      const url = await new Promise<string>((resolve, reject) => {
        child.stdout.on("data", (chunk: Buffer) => {
          stdout += chunk.toString("utf8");
          const found = /at (http:\/\/127\.0\.0\.1:\d+\/) /.exec(stdout);
          if (found) resolve(found[1]!);
        });
        child.on("exit", (status) => reject(new Error(`rts jitview --serve exited with ${status} before serving: ${stdout}`)));
      });
      expect(stdout).toMatch(/^serving \S*counts-backend\.log \(2 loops, 2 bridges\) at http:\/\/127\.0\.0\.1:\d+\/ \(Ctrl-C stops\)\n$/);
      const response = await fetch(url);
      expect(response.status).toBe(200);
      expect(response.headers.get("content-type")).toBe("text/html; charset=utf-8");
      expect(await response.text()).toContain('<a class="bridge" href="#bridge-1">');
      expect((await fetch(`${url}other`)).status).toBe(404);
    } finally {
      const exited = new Promise<number | null>((resolve) => child.on("exit", (status) => resolve(status)));
      child.kill("SIGTERM");
      expect(await exited).toBe(0);
    }
  });

  it("links the guards of a log the JIT writes today to their bridges (examples/bf under rts run --llinterp --jit)", async () => {
    const log = join(directory, "fresh.log");
    const run = await runRts(["run", "--llinterp", "--jit", "examples/bf/bf.ts", "tests/fixtures/jitview/nested.b"], {
      env: { RTS_JIT: "threshold=3,trace_eagerness=2", RTSLOG: `jit-log-opt,jit-summary:${log}` },
    });
    expect(run.status).toBe(0);
    const result = await runRts(["jitview", log, "-o", join(directory, "fresh.html")]);
    expect(result.stdout).toMatch(/\(1 loop, 1 bridge\)\n$/);
    const jitLog = readJitLog(parsePypylog(readFileSync(log, "utf8")));
    const bridge = jitLog.traces.find((t) => t.kind === "bridge")!;
    expect(bridge.parent).toBe("loop-0");
    const html = readFileSync(join(directory, "fresh.html"), "utf8");
    expect(html).toContain(` id="guard-${bridge.number.toString(16)}"`);
    expect(html).toContain(`<a class="bridge" href="#bridge-${bridge.number.toString(16)}">`);
  });
});

function write(name: string, text: string): string {
  const path = join(directory, name);
  writeFileSync(path, text);
  expect(existsSync(path)).toBe(true);
  return path;
}
