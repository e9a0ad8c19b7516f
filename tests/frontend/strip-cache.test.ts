// The disk cache of stripped modules (src/frontend/strip-cache.ts): a hit gives back what was
// put; a different text, path, stripper or ts-blank-space is a miss; RTS_CACHE_DIR=off disables it.

import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { afterAll, afterEach, describe, expect, it } from "vitest";
import { StripCache } from "../../src/frontend/strip-cache.ts";
import { stripTypes } from "../../src/frontend/strip.ts";

const directory = mkdtempSync(path.join(os.tmpdir(), "rts-strip-cache-"));
const saved = process.env.RTS_CACHE_DIR;
afterEach(() => {
  if (saved === undefined) delete process.env.RTS_CACHE_DIR;
  else process.env.RTS_CACHE_DIR = saved;
});
afterAll(() => rmSync(directory, { recursive: true, force: true }));

/** A file with the given text in the scratch directory, as a URL (a stand-in for a module the cache hashes). */
function fileUrl(name: string, text: string): URL {
  const file = path.join(directory, name);
  writeFileSync(file, text);
  return pathToFileURL(file);
}

describe("StripCache", () => {
  const text = "const x: number = 1;\nexport function main(argv: string[]): number { return x; }\n";
  const stripped = stripTypes("m.ts", text);
  if (!stripped.ok) throw new Error("the module must strip");

  it("gives back what was put, and misses on another text, path, stripper or ts-blank-space", () => {
    process.env.RTS_CACHE_DIR = path.join(directory, "cache");
    const stripper = fileUrl("strip.js", "one stripper");
    const library = fileUrl("blank.js", "one ts-blank-space");
    const cache = StripCache.open(stripper, [library])!;
    expect(cache.get("m.ts", text)).toBeUndefined();
    cache.put("m.ts", text, stripped);
    expect(StripCache.open(stripper, [library])!.get("m.ts", text)).toEqual(stripped);
    expect(cache.get("other.ts", text)).toBeUndefined();
    expect(cache.get("m.ts", text + "\n")).toBeUndefined();
    expect(StripCache.open(fileUrl("strip2.js", "another stripper"), [library])!.get("m.ts", text)).toBeUndefined();
    expect(StripCache.open(stripper, [fileUrl("blank2.js", "ts-blank-space, upgraded")])!.get("m.ts", text)).toBeUndefined();
  });

  it("hashes the installed ts-blank-space by default, and is off with RTS_CACHE_DIR=off", () => {
    process.env.RTS_CACHE_DIR = path.join(directory, "cache-default");
    expect(StripCache.open(fileUrl("strip3.js", "s"))).toBeDefined();
    process.env.RTS_CACHE_DIR = "off";
    expect(StripCache.open(fileUrl("strip4.js", "s"))).toBeUndefined();
  });
});
