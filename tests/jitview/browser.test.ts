// rts jitview's page in a real browser: Debian's chromium, headless, two launches. The DOM after
// the page's script ran (--dump-dom) of a page opened at a guard's anchor: the script ran, the
// traces are listed hottest first, the guard's trace and group were opened (and no other), the
// guard's link to its bridge has its target. Then a screenshot of the real examples/bf log's
// page: a PNG of the window's size with something drawn on it. Then the page of a whole run of
// mandel.b by examples/bf translated with --jit (hundreds of loops and bridges in machine code),
// rendered to the end.
//
// Without chromium the tests are skipped, saying so (under CI=true they fail: .ci/run installs it).

import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { inflateSync } from "node:zlib";
import { afterAll, describe, expect, it } from "vitest";
import { loadJitLog } from "../../src/cli/jitview.ts";
import { readJitLog } from "../../src/jitview/jit-log.ts";
import { renderPage } from "../../src/jitview/page.ts";
import { parsePypylog } from "../../src/jitview/pypylog.ts";
import { BF_PROGRAMS, describeWithSuite } from "../helpers/external-suites.ts";
import { runCommand } from "../helpers/run-rts.ts";
import { removeScratch, runBinary, translateTarget } from "../differential/native-harness.ts";

const FIXTURES = new URL("../fixtures/jitview/", import.meta.url);
const CHROMIUM = spawnSync("sh", ["-c", "command -v chromium"], { encoding: "utf8" }).stdout.trim();
const WIDTH = 1000;
const HEIGHT = 700;

function writePage(directory: string, name: string): string {
  const log = readJitLog(parsePypylog(readFileSync(new URL(name, FIXTURES), "utf8")));
  const path = join(directory, `${name}.html`);
  writeFileSync(path, renderPage(log, name));
  return path;
}

/** Runs headless chromium with its own profile directory (tests may run side by side). */
async function chromium(directory: string, args: string[]): Promise<string> {
  const profile = mkdtempSync(join(directory, "profile-"));
  const result = await runCommand(CHROMIUM, ["--headless", "--disable-gpu", "--no-sandbox", "--disable-dev-shm-usage", "--no-first-run", `--user-data-dir=${profile}`, ...args]);
  expect(result.status, result.stderr).toBe(0);
  return result.stdout;
}

/** The opening tag of the element with that id in the dumped DOM. */
function tagWithId(dom: string, id: string): string {
  const at = dom.indexOf(` id="${id}"`);
  expect(at, `no element with id ${id}`).toBeGreaterThan(0);
  return dom.slice(dom.lastIndexOf("<", at), dom.indexOf(">", at) + 1);
}

/** Width, height and the distinct byte values of the decompressed image data of a PNG. */
function pngFacts(png: Buffer): { width: number; height: number; distinctBytes: number } {
  expect(png.subarray(0, 8).toString("hex")).toBe("89504e470d0a1a0a");
  const chunks: Buffer[] = [];
  let width = 0;
  let height = 0;
  for (let at = 8; at < png.length; ) {
    const length = png.readUInt32BE(at);
    const type = png.toString("latin1", at + 4, at + 8);
    const data = png.subarray(at + 8, at + 8 + length);
    if (type === "IHDR") {
      width = data.readUInt32BE(0);
      height = data.readUInt32BE(4);
    }
    if (type === "IDAT") chunks.push(data);
    at += 12 + length;
  }
  return { width, height, distinctBytes: new Set(inflateSync(Buffer.concat(chunks))).size };
}

const TITLE = "rts jitview in headless chromium";

if (CHROMIUM === "") {
  const message = "chromium is not installed (Debian: apt-get install chromium)";
  if (process.env.CI === "true") {
    describe(TITLE, () => {
      it("needs chromium", () => {
        throw new Error(`${message} (CI=true: .ci/run installs it; a missing browser is a failure, not a skip)`);
      });
    });
  } else {
    console.warn(`skipped: ${TITLE}: ${message}`);
    describe.skip(`${TITLE}: SKIPPED, ${message}`, () => {
      it("needs chromium", () => {});
    });
  }
} else {
  describe(TITLE, () => {
    const directory = mkdtempSync(join(tmpdir(), "rts-jitview-browser-"));
    afterAll(() => rmSync(directory, { recursive: true, force: true }));

    it("opens the trace and the group of the guard an address points to, lists traces hottest first, links guards to bridges", async () => {
      const page = writePage(directory, "counts-backend.log");
      const dom = await chromium(directory, ["--dump-dom", `file://${page}#guard-1`]);
      // the inline script ran
      expect(dom).toMatch(/<html lang="en" data-ready="1">/);
      // hottest first
      expect([...dom.matchAll(/<tr data-trace="([^"]*)"/g)].map((m) => m[1])).toEqual(["loop-1", "loop-0", "bridge-1", "bridge-20"]);
      // the guard's trace and group are open, the other traces and groups closed
      expect(tagWithId(dom, "loop-0")).toContain(' open=""');
      for (const closed of ["loop-1", "bridge-1", "bridge-20"]) expect(tagWithId(dom, closed)).not.toContain("open");
      expect(dom.match(/<details class="group" open="">/g)).toHaveLength(1);
      const group = dom.slice(dom.indexOf('<details class="group" open="">'));
      expect(group.slice(0, group.indexOf("</details>"))).toContain('id="guard-1"');
      expect(tagWithId(dom, "guard-1")).toContain('class="op guard target"');
      // the guard's link to its bridge has a target in the page, and machine code is offered closed
      expect(dom).toContain('<a class="bridge" href="#bridge-1">bridge (4 ops, count 7)</a>');
      expect(tagWithId(dom, "bridge-1")).toContain('class="trace"');
      expect(tagWithId(dom, "asm-loop-0")).not.toContain("open");
      // the log's markup-like text stayed text
      expect(dom).not.toContain("<b>");
    });

    it("draws the page of a real examples/bf log", async () => {
      const page = writePage(directory, "bf-bridge.log");
      const png = join(directory, "bf-bridge.png");
      await chromium(directory, [`--screenshot=${png}`, `--window-size=${WIDTH},${HEIGHT}`, `file://${page}`]);
      const bytes = readFileSync(png);
      const facts = pngFacts(bytes);
      expect([facts.width, facts.height]).toEqual([WIDTH, HEIGHT]);
      // a blank page compresses to a few hundred bytes of one or two byte values
      expect(bytes.length).toBeGreaterThan(10_000);
      expect(facts.distinctBytes).toBeGreaterThan(50);
    });
  });

  describeWithSuite(BF_PROGRAMS, `${TITLE}: the log of mandel.b run by a --jit binary`, (bfDir) => {
    const directory = mkdtempSync(join(tmpdir(), "rts-jitview-mandel-"));
    afterAll(() => {
      rmSync(directory, { recursive: true, force: true });
      removeScratch();
    });

    it("lists every loop and bridge of the log, with machine code disassembled, and its script runs to the end", { timeout: 300_000 }, async () => {
      const binary = await translateTarget("examples/bf/bf.ts", "bf-jit-mandel", "2", ["--jit"]);
      const log = join(directory, "mandel.log");
      const run = await runBinary(binary, [join(bfDir, "mandel.b")], { env: { ...process.env, RTSLOG: `jit-log-opt,jit-backend,jit-backend-dump,jit-backend-counts,jit-summary:${log}` } });
      expect(run.status, run.stderr).toBe(0);
      // as `rts jitview` reads it: the dumps' bytes disassembled under each trace's header
      const jitLog = loadJitLog(log);
      const loops = jitLog.traces.filter((t) => t.kind === "loop").length;
      const bridges = jitLog.traces.length - loops;
      expect(loops).toBeGreaterThan(10);
      expect(bridges).toBeGreaterThan(10);
      // the summary's counts are the log's traces
      const total = (name: string) => Number(jitLog.summary!.find((line) => line.name.trim() === name)!.values[0]);
      expect([loops, bridges]).toEqual([total("Total # of loops"), total("Total # of bridges")]);
      const inMachineCode = jitLog.traces.filter((t) => t.machineCode !== null);
      expect(inMachineCode.length).toBeGreaterThan(jitLog.traces.length / 2);
      for (const trace of inMachineCode) {
        const code = trace.machineCode!;
        // every trace starts with the same prologue, at the address its header gives
        expect(code.lines[0], trace.id).toBe(`${code.start.replace(/^0x/, "")}: push rbp`);
        expect(code.lines.some((line) => line.includes("(bad)")), trace.id).toBe(false);
      }
      expect(jitLog.hasCounts).toBe(true);
      const page = join(directory, "mandel.html");
      writeFileSync(page, renderPage(jitLog, "mandel.log"));
      const dom = await chromium(directory, ["--dump-dom", `file://${page}`]);
      expect(dom).toMatch(/<html lang="en" data-ready="1">/);
      expect(dom.match(/<tr data-trace="/g)).toHaveLength(jitLog.traces.length);
      expect(dom).toContain(`${inMachineCode[0]!.machineCode!.start.replace(/^0x/, "")}: push rbp`);
    });
  });
}
