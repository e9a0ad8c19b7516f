// The tests read the runtime's logs with the project's own PYPYLOG parser (src/jitview/pypylog.ts,
// which rts jitview uses too).
import { expect } from "vitest";
import { findSections, parsePypylog, type LogSection } from "../../src/jitview/pypylog.ts";

export { findSections, parsePypylog, PypylogError, type LogSection } from "../../src/jitview/pypylog.ts";

/**
 * The gc-minor and gc-major sections of a collector's log (RTSLOG=gc-minor,gc-major:FILE), each
 * checked to be well formed: its stop at or after its start, a "time taken" line.
 */
export function collectionSections(text: string): { minors: LogSection[]; majors: LogSection[] } {
  const sections = parsePypylog(text);
  const minors = findSections(sections, "gc-minor");
  const majors = findSections(sections, "gc-major");
  for (const s of [...minors, ...majors]) {
    expect(s.stop).toBeGreaterThanOrEqual(s.start);
    expect(s.lines.some((line) => /^time taken: \d+\.\d+$/.test(line))).toBe(true);
  }
  return { minors, majors };
}
