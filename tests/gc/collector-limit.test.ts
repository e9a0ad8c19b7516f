// The heap limit (RTS_GC_MAX): a live set that outgrows it stops the program with "out of
// memory" (exit status 70); garbage under it never does. Untranslated, the collector's exit is
// osExit from rts/system, which would end the test process: this file mocks rts/system so that
// osExit throws (and standard error is captured), the rest of the module being the real one.

import { beforeEach, describe, expect, it, vi } from "vitest";

const exits = vi.hoisted(() => {
  class ProcessExit extends Error {
    status: number;
    constructor(status: number) {
      super(`exit ${status}`);
      this.status = status;
    }
  }
  return { ProcessExit, stderr: [] as string[] };
});

vi.mock("rts/system", async (importOriginal) => {
  const actual = await importOriginal<typeof import("../../src/lib/system.ts")>();
  return {
    ...actual,
    osExit: (status: number) => {
      throw new exits.ProcessExit(status);
    },
    osWrite: (fd: number, buf: Uint8Array, start: number, length: number) => {
      if (fd !== 2) return actual.osWrite(fd, buf, start, length);
      exits.stderr.push(Buffer.from(buf.subarray(start, start + length)).toString("utf8"));
      return length;
    },
  };
});

import { gcMajorCollections, gcMajorThreshold } from "../../src/gc/collector.ts";
import { oldBytesInUse } from "../../src/gc/oldspace.ts";
import { BYTE_ARRAY, NULL, PTR_ARRAY, getRoot, newArray, newNode, pushRoot, setRoot, setupHeap, writeItem } from "./simulated-heap.ts";

const LIMIT = 256 * 1024;

/** Runs f; the status the program exited with, or undefined when it returned. */
function exitStatusOf(f: () => void): number | undefined {
  try {
    f();
  } catch (error) {
    if (error instanceof exits.ProcessExit) return error.status;
    throw error;
  }
  return undefined;
}

describe("the heap limit", () => {
  beforeEach(() => {
    exits.stderr.length = 0;
    setupHeap({ RTS_GC_NURSERY: "16KB", RTS_GC_MAX: "256KB" });
  });

  it("stops a growing live set with out of memory", () => {
    pushRoot(NULL);
    let built = 0;
    const status = exitStatusOf(() => {
      for (;;) {
        setRoot(0, newNode(built, NULL, getRoot(0)));
        built += 1;
      }
    });
    expect(status).toBe(70);
    expect(exits.stderr.join("")).toBe("fatal error: out of memory\n");
    // It stopped near the limit, not before: the live nodes plus the nursery fill most of it.
    expect(built * 32).toBeGreaterThan(LIMIT - 2 * 16 * 1024 - 64 * 1024);
    expect(built * 32).toBeLessThanOrEqual(LIMIT);
    expect(gcMajorThreshold()).toBeLessThanOrEqual(LIMIT - 16 * 1024);
  });

  it("stops growing large objects with out of memory", () => {
    pushRoot(newArray(PTR_ARRAY, 100));
    let built = 0;
    const status = exitStatusOf(() => {
      for (; built < 100; built++) {
        const array = newArray(BYTE_ARRAY, 20000); // before getRoot(0): the allocation may move the root
        writeItem(getRoot(0), built, array);
      }
    });
    expect(status).toBe(70);
    // (256 KB - the 16 KB nursery) / 20016 bytes: 12 arrays fit beside the array of pointers.
    expect(built).toBe(12);
  });

  it("never stops a program whose live set fits, however much garbage it makes", () => {
    pushRoot(NULL);
    for (let i = 0; i < 4000; i++) setRoot(0, newNode(i, NULL, getRoot(0))); // 128 KB live
    const status = exitStatusOf(() => {
      for (let i = 0; i < 50_000; i++) newNode(i);
      for (let i = 0; i < 50; i++) newArray(BYTE_ARRAY, 20000);
    });
    expect(status).toBeUndefined();
    expect(exits.stderr).toEqual([]);
    expect(gcMajorCollections()).toBeGreaterThan(0);
    expect(oldBytesInUse()).toBeLessThanOrEqual(LIMIT);
  });
});
