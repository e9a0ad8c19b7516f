// The environment helpers (src/runtime/env.ts) on an envp block in simulated
// memory: lookup by exact name, no environment at all, PyPy's size syntax, factors, flags and the
// fallbacks for malformed values.

import { beforeEach, describe, expect, it } from "vitest";
import { envBytes, envFactor, envFlag, envValue, parseFactor, parseSize } from "../../src/runtime/env.ts";
import { loadByte, resetSimulatedMemory } from "../../src/lib/system.ts";
import { rawCString, setSimulatedEnvironment } from "../helpers/simulated-env.ts";

/** The NUL-terminated bytes at address, as a string. */
function rawString(address: number): string {
  let s = "";
  for (let i = 0; loadByte(address, i) !== 0; i++) s += String.fromCharCode(loadByte(address, i));
  return s;
}

beforeEach(() => {
  resetSimulatedMemory();
});

describe("envValue", () => {
  it("finds a variable by its exact name", () => {
    setSimulatedEnvironment(["RTS=short", "RTSLOGX=longer", "RTSLOG=gc:/tmp/log", "HOME=/root", "RTSLOG=second"]);
    expect(rawString(envValue("RTSLOG"))).toBe("gc:/tmp/log"); // the first of two, as getenv
    expect(rawString(envValue("RTS"))).toBe("short");
    expect(rawString(envValue("HOME"))).toBe("/root");
    expect(envValue("RT")).toBe(0);
    expect(envValue("RTSLOGXY")).toBe(0);
    expect(envValue("PATH")).toBe(0);
  });

  it("gives an empty value, and 0 without an environment", () => {
    setSimulatedEnvironment(["EMPTY="]);
    const empty = envValue("EMPTY");
    expect(empty).not.toBe(0);
    expect(loadByte(empty, 0)).toBe(0);
    setSimulatedEnvironment([]);
    expect(envValue("EMPTY")).toBe(0);
    setSimulatedEnvironment(null);
    expect(envValue("EMPTY")).toBe(0);
  });
});

describe("parseSize", () => {
  const cases: [string, number][] = [
    ["4194304", 4194304],
    ["0", 0],
    ["512KB", 512 * 1024],
    ["512kb", 512 * 1024],
    ["512k", 512 * 1024],
    ["512K", 512 * 1024],
    ["4MB", 4 * 1024 * 1024],
    ["4m", 4 * 1024 * 1024],
    ["4Mb", 4 * 1024 * 1024],
    ["1GB", 1024 ** 3],
    ["1.5GB", 1.5 * 1024 ** 3],
    ["1.5g", 1.5 * 1024 ** 3],
    ["0.5KB", 512],
    [".5K", 512],
    ["2.", 2],
    ["100B", 100],
    ["100b", 100],
    ["1.0000001KB", 1024], // a fraction of a byte is truncated
    ["0.3333333333333333333333M", 349525],
    ["4194304GB", 4194304 * 1024 ** 3], // 2^52: the largest accepted
    ["", -1],
    ["B", -1],
    ["KB", -1],
    [".", -1],
    ["-4MB", -1],
    ["+4MB", -1],
    [" 4MB", -1],
    ["4MB ", -1],
    ["4 MB", -1],
    ["4TB", -1],
    ["4MBB", -1],
    ["4BM", -1],
    ["4KM", -1],
    ["1e6", -1],
    ["0x100", -1],
    ["1.2.3", -1],
    ["4194305GB", -1],
    ["4503599627370496", 4503599627370496],
    ["4503599627370497", -1],
    ["99999999999999999999999", -1],
  ];
  it.each(cases)("%j is %d", (text, bytes) => {
    expect(parseSize(rawCString(text))).toBe(bytes);
  });

  it("says malformed for address 0", () => {
    expect(parseSize(0)).toBe(-1);
  });
});

describe("parseFactor", () => {
  const cases: [string, number][] = [
    ["1.82", 1.82],
    ["2", 2],
    ["0.5", 0.5],
    [".5", 0.5],
    ["3.", 3],
    ["1.5000000000000000000000000001", 1.5],
    ["0.000001", 0.000001],
    ["0.1", 0.1],
    ["1234567890123456", -1], // 16 digits before the point
    ["123456789012345", 123456789012345],
    ["0", -1],
    ["0.0", -1],
    ["", -1],
    [".", -1],
    ["-1.5", -1],
    ["+1.5", -1],
    ["1.5x", -1],
    ["1e2", -1],
    [" 2", -1],
  ];
  it.each(cases)("%j is %d", (text, factor) => {
    expect(parseFactor(rawCString(text))).toBe(factor);
  });
});

describe("envBytes, envFactor and envFlag", () => {
  it("read the variables, with the fallback when unset or malformed", () => {
    setSimulatedEnvironment(["NURSERY=8MB", "BAD_SIZE=8 MB", "GROWTH=1.82", "BAD_GROWTH=-2", "ON=1", "YES=yes", "OFF=0", "EMPTY=", "ZEROS=00"]);
    expect(envBytes("NURSERY", 4096)).toBe(8 * 1024 * 1024);
    expect(envBytes("BAD_SIZE", 4096)).toBe(4096);
    expect(envBytes("UNSET", 4096)).toBe(4096);
    expect(envFactor("GROWTH", 1.5)).toBe(1.82);
    expect(envFactor("BAD_GROWTH", 1.5)).toBe(1.5);
    expect(envFactor("UNSET", 1.5)).toBe(1.5);
    expect(envFlag("ON")).toBe(true);
    expect(envFlag("YES")).toBe(true);
    expect(envFlag("ZEROS")).toBe(true);
    expect(envFlag("OFF")).toBe(false);
    expect(envFlag("EMPTY")).toBe(false);
    expect(envFlag("UNSET")).toBe(false);
  });

  it("take the fallback without an environment", () => {
    setSimulatedEnvironment(null);
    expect(envBytes("NURSERY", 123)).toBe(123);
    expect(envFactor("GROWTH", 2)).toBe(2);
    expect(envFlag("ON")).toBe(false);
  });
});
