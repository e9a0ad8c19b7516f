// The tests read the runtime's logs with the project's own PYPYLOG parser (src/jitview/pypylog.ts,
// which rts jitview uses too).
export { findSections, parsePypylog, PypylogError, type LogSection } from "../../src/jitview/pypylog.ts";
