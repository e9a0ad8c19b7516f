// The heap limit (RTS_GC_MAX): a live set that outgrows it stops the program with a message
// naming the limit (exit status 70), and everything the collector maps stays under it; garbage
// under it never stops a program. Untranslated, the collector's exit is osExit from rts/system,
// which would end the test process: this file mocks rts/system so that osExit throws (and
// standard error is captured), and so that osMmap can be made to fail, the rest of the module
// being the real one.

import { beforeEach, describe, expect, it, vi } from "vitest";

const exits = vi.hoisted(() => {
  class ProcessExit extends Error {
    status: number;
    constructor(status: number) {
      super(`exit ${status}`);
      this.status = status;
    }
  }
  return { ProcessExit, stderr: [] as string[], refuseMmap: false };
});

vi.mock("rts/system", async (importOriginal) => {
  const actual = await importOriginal<typeof import("../../src/lib/system.ts")>();
  return {
    ...actual,
    osMmap: (length: number) => (exits.refuseMmap ? -12 : actual.osMmap(length)),
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

import { gcBytesMapped, gcMajorCollections, gcMajorThreshold } from "../../src/runtime/gc/collector.ts";
import { memoryBudget } from "../../src/runtime/gc/oom.ts";
import { oldBytesInUse, oldLargeMappedBytes } from "../../src/runtime/gc/oldspace.ts";
import { BYTE_ARRAY, NULL, PTR_ARRAY, getRoot, newArray, newNode, pushRoot, setRoot, setupHeap, writeItem } from "./simulated-heap.ts";

const LIMIT = 2 * 1024 * 1024;
const NURSERY = 64 * 1024;
/** What the collector's mappings may take: the limit less the reserve for the rest of the process (an eighth, for a limit this small). */
const BUDGET = LIMIT - LIMIT / 8;
const LIMIT_MESSAGE = `fatal error: out of memory (the heap would grow past RTS_GC_MAX=${LIMIT} bytes)\n`;

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
    exits.refuseMmap = false;
    setupHeap({ RTS_GC_NURSERY: "64KB", RTS_GC_MAX: "2MB" });
  });

  it("stops a growing live set with out of memory, naming the limit, with everything mapped under it", () => {
    expect(memoryBudget()).toBe(BUDGET);
    pushRoot(NULL);
    let built = 0;
    let peak = 0;
    const status = exitStatusOf(() => {
      for (;;) {
        setRoot(0, newNode(built, NULL, getRoot(0)));
        built += 1;
        if (gcBytesMapped() > peak) peak = gcBytesMapped();
      }
    });
    expect(status).toBe(70);
    expect(exits.stderr.join("")).toBe(LIMIT_MESSAGE);
    expect(peak).toBeLessThanOrEqual(BUDGET);
    // It stopped near the limit, not long before: the live nodes fill most of what the nursery,
    // the collector's stacks and a few arenas' slack leave.
    expect(built * 32).toBeGreaterThan(BUDGET - NURSERY - 6 * 64 * 1024);
    expect(gcMajorThreshold()).toBeLessThanOrEqual(BUDGET - NURSERY);
  });

  it("stops growing large objects with out of memory, counting their whole mappings", () => {
    pushRoot(newArray(PTR_ARRAY, 200));
    let built = 0;
    const status = exitStatusOf(() => {
      for (; built < 200; built++) {
        const array = newArray(BYTE_ARRAY, 20000); // before getRoot(0): the allocation may move the root
        writeItem(getRoot(0), built, array);
      }
    });
    expect(status).toBe(70);
    expect(exits.stderr.join("")).toBe(LIMIT_MESSAGE);
    // Each array maps 20 KB (its 20016 bytes, the large-object prefix, whole pages): it stopped
    // when the next one did not fit beside what is mapped.
    const mapping = oldLargeMappedBytes(20016, 0);
    expect(mapping).toBe(20 * 1024);
    expect(gcBytesMapped()).toBeLessThanOrEqual(BUDGET);
    expect(gcBytesMapped() + mapping).toBeGreaterThan(BUDGET);
    expect(built * mapping).toBeGreaterThan(BUDGET - NURSERY - 6 * 64 * 1024);
  });

  it("names the bytes the system refused", () => {
    exits.refuseMmap = true;
    const status = exitStatusOf(() => newArray(BYTE_ARRAY, 20000));
    expect(status).toBe(70);
    expect(exits.stderr.join("")).toBe("fatal error: out of memory (the system refused 20480 more bytes)\n");
  });

  it("never stops a program whose live set fits, however much garbage it makes", () => {
    pushRoot(NULL);
    for (let i = 0; i < 16000; i++) setRoot(0, newNode(i, NULL, getRoot(0))); // 512 KB live
    const status = exitStatusOf(() => {
      for (let i = 0; i < 100_000; i++) newNode(i);
      for (let i = 0; i < 200; i++) newArray(BYTE_ARRAY, 20000);
    });
    expect(status).toBeUndefined();
    expect(exits.stderr).toEqual([]);
    expect(gcMajorCollections()).toBeGreaterThan(0);
    expect(oldBytesInUse()).toBeLessThanOrEqual(BUDGET);
    expect(gcBytesMapped()).toBeLessThanOrEqual(BUDGET);
  });
});
