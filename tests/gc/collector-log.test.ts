// The collector's log: RTSLOG=gc-minor,gc-major:path writes one PYPYLOG section per collection,
// with the numbers the issue lists, and the log parses.

import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { gcCollect, gcMajorCollections, gcMinorCollections, gcReset } from "../../src/runtime/gc/collector.ts";
import { findSections, parsePypylog } from "../helpers/pypylog.ts";
import { NULL, getRoot, newNode, pushRoot, setRoot, setupHeap } from "./simulated-heap.ts";

describe("the gc-minor and gc-major log", () => {
  const directory = mkdtempSync(join(tmpdir(), "rts-gc-log-"));
  afterEach(() => gcReset()); // closes the log file

  it("writes a section per collection with memory, survivors and time", () => {
    const path = join(directory, "gc.log");
    setupHeap({ RTS_GC_NURSERY: "8KB", RTSLOG: `gc-minor,gc-major:${path}` });
    pushRoot(NULL);
    for (let i = 0; i < 3000; i++) setRoot(0, newNode(i, NULL, getRoot(0)));
    gcCollect(true);
    const counts = { minors: gcMinorCollections(), majors: gcMajorCollections() };
    gcReset();
    const sections = parsePypylog(readFileSync(path, "utf8"));
    const minors = findSections(sections, "gc-minor");
    const majors = findSections(sections, "gc-major");
    expect(minors.length).toBe(counts.minors);
    expect(majors.length).toBe(counts.majors);
    expect(minors.length).toBeGreaterThan(5);
    expect(majors.length).toBeGreaterThan(0);
    for (const minor of minors) {
      expect(minor.lines).toHaveLength(3);
      expect(minor.lines[0]).toMatch(/^minor collect, total memory used: \d+$/);
      expect(minor.lines[1]).toMatch(/^surviving bytes: \d+$/);
      expect(minor.lines[2]).toMatch(/^time taken: \d+\.\d+$/);
    }
    // Every node survives: the survivors of all minor collections add up to the whole list.
    const surviving = minors.reduce((sum, s) => sum + Number(/\d+$/.exec(s.lines[1]!)![0]), 0);
    expect(surviving).toBe(3000 * 32);
    for (const major of majors) {
      expect(major.lines[0]).toMatch(/^major collect, memory used before collection: \d+$/);
      expect(major.lines[1]).toMatch(/^memory used after collection: \d+$/);
      expect(major.lines.at(-1)).toMatch(/^time taken: \d+\.\d+$/);
    }
    // Each section's stamps enclose the work: the time its text reports runs from its start
    // stamp, and its stop stamp comes after (to the microsecond the text is rounded to).
    for (const s of [...minors, ...majors]) {
      const reported = Number(/(\d+\.\d+)$/.exec(s.lines.at(-1)!)![1]);
      expect(reported).toBeGreaterThan(0);
      expect((s.stop - s.start) / 1e9).toBeGreaterThanOrEqual(reported - 1e-6);
    }
    rmSync(directory, { recursive: true, force: true });
  });
});
