// Finding the external suites: the variable wins over ../shared, a folder without the suite's
// marker file is not the suite, and what CI=true means.

import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { BF_PROGRAMS, isCI, locateSuite, LOX_SUITE, missingMessage } from "./external-suites.ts";

const scratch = mkdtempSync(path.join(os.tmpdir(), "rts-suites-"));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

describe("locateSuite", () => {
  it("takes the folder the variable names when it holds the marker file", () => {
    const dir = path.join(scratch, "lox");
    mkdirSync(dir);
    writeFileSync(path.join(dir, "precedence.lox"), "");
    expect(locateSuite(LOX_SUITE, { RTS_LOX_SUITE: dir })).toEqual({ found: true, dir });
  });

  it("says why a named folder is not the suite", () => {
    const empty = path.join(scratch, "empty");
    mkdirSync(empty);
    expect(locateSuite(BF_PROGRAMS, { RTS_BF_PROGRAMS: empty })).toEqual({ found: false, reason: `RTS_BF_PROGRAMS=${empty}: the folder has no README.md` });
    const missing = path.join(scratch, "missing");
    expect(locateSuite(BF_PROGRAMS, { RTS_BF_PROGRAMS: missing })).toEqual({ found: false, reason: `RTS_BF_PROGRAMS=${missing}: no such folder` });
  });

  it("names the default place and the variable in the message", () => {
    const message = missingMessage(LOX_SUITE, "../shared/lox/test (RTS_LOX_SUITE is not set): no such folder");
    expect(message).toContain("put it at ../shared/lox/test beside the checkout or set RTS_LOX_SUITE=/path/to/folder");
  });
});

describe("isCI", () => {
  it("is true for CI=true or 1 and false when unset, empty, false or 0", () => {
    expect([{ CI: "true" }, { CI: "1" }, { CI: "TRUE" }].map((env) => isCI(env))).toEqual([true, true, true]);
    expect([{}, { CI: "" }, { CI: "false" }, { CI: "0" }].map((env) => isCI(env))).toEqual([false, false, false, false]);
  });
});
