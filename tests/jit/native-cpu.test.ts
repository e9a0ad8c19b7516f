// The binary's CPU (src/runtime/jit/native-cpu.ts) untranslated, on rts/system's simulated memory
// and the collector's simulated heap (tests/gc/simulated-heap.ts): loads and stores of each size
// and sign, floats by their two halves, allocation through gcAllocSlow (a zeroed object with its
// type id), an instance's class at the typeptr the LL level lays out, null as the address the
// translator gives, and residual calls refused with what is missing. In a binary the same code
// runs on real memory: tests/translator/jit-link.test.ts.

import { loadInt32, osMmap } from "rts/system";
import { beforeEach, describe, expect, it } from "vitest";
import { computeLayout } from "../../src/llir/lltype.ts";
import { OBJECT } from "../../src/llir/object-model.ts";
import { CallDescr, EffectInfo, EF_CANNOT_RAISE } from "../../src/runtime/jit/history.ts";
import { NativeCPU, TYPEPTR_OFFSET } from "../../src/runtime/jit/native-cpu.ts";
import { TraceCPUError } from "../../src/runtime/jit/trace-cpu.ts";
import { NODE, NODE_SIZE, setupHeap } from "../gc/simulated-heap.ts";

const descr = new CallDescr("CallDescr f", "ii", "i", 8, true, new EffectInfo(EF_CANNOT_RAISE, false, false, [], [], [], []));

describe("NativeCPU", () => {
  beforeEach(() => setupHeap());

  it("finds an instance's class where the LL level puts typeptr", () => {
    expect(TYPEPTR_OFFSET).toBe(computeLayout(OBJECT).offsets.get("typeptr"));
  });

  it("loads and stores integers of each size and sign", () => {
    const cpu = new NativeCPU();
    const at = osMmap(4096);
    const cases: [number, boolean, number, number][] = [
      // size, signed, stored, loaded
      [8, true, -(2 ** 53) + 1, -(2 ** 53) + 1],
      [8, true, 2 ** 60, 2 ** 60],
      [4, true, -5, -5],
      [4, false, -5, 2 ** 32 - 5],
      [4, false, 3000000000, 3000000000],
      [4, true, 3000000000, 3000000000 - 2 ** 32],
      [2, true, -2, -2],
      [2, false, -2, 65534],
      [2, false, 0x1234, 0x1234],
      [1, true, 200, -56],
      [1, false, -1, 255],
    ];
    for (const [size, signed, stored, loaded] of cases) {
      cpu.storeInt(at + 16, 8, 0);
      cpu.storeInt(at + 16, size, stored);
      expect(cpu.loadInt(at + 16, size, signed), `${size} ${signed} ${stored}`).toBe(loaded);
      // nothing past the size is written
      if (size < 8) expect(cpu.loadInt(at + 16 + size, 8 - size === 4 ? 4 : 1, false)).toBe(0);
    }
    cpu.storeInt(at, 2, 0x1234);
    expect(loadInt32(at, 0)).toBe(0x1234); // little-endian, as the binary's
  });

  it("loads and stores floats and references", () => {
    const cpu = new NativeCPU();
    const at = osMmap(4096);
    for (const x of [0.1, -2.5, 1e300, -0, 2 ** -1074, Infinity]) {
      cpu.storeFloat(at + 8, x);
      expect(Object.is(cpu.loadFloat(at + 8), x), String(x)).toBe(true);
    }
    cpu.storeFloat(at + 8, NaN);
    expect(cpu.loadFloat(at + 8)).toBeNaN();
    cpu.storeRef(at + 24, at);
    expect(cpu.loadRef(at + 24)).toBe(at);
  });

  it("allocates zeroed objects with their type id through the collector, and reads and sets their class", () => {
    const cpu = new NativeCPU();
    const a = cpu.allocate(NODE_SIZE, NODE);
    const b = cpu.allocate(NODE_SIZE, NODE);
    expect(b).not.toBe(a);
    expect(loadInt32(a, 0)).toBe(NODE);
    expect(cpu.loadInt(a, 4, false)).toBe(NODE);
    for (let k = 8; k < NODE_SIZE; k += 8) expect(cpu.loadRef(b + k)).toBe(0);
    cpu.setClass(a, 12345);
    expect(cpu.classOf(a)).toBe(12345);
    expect(cpu.loadRef(a + TYPEPTR_OFFSET)).toBe(12345);
  });

  it("gives the null object the translator sets", () => {
    const cpu = new NativeCPU();
    expect(cpu.nullObject()).toBe(0);
    cpu.nullAddress = 4096;
    expect(cpu.nullObject()).toBe(4096);
    expect(cpu.isMissingWord(2 ** 60)).toBe(true);
  });

  it("refuses a call of an address that is no residual target, and one that no dispatcher was linked for", () => {
    const cpu = new NativeCPU();
    expect(() => cpu.callInt(777, descr, [1, 2], [], [])).toThrow(TraceCPUError);
    expect(() => cpu.callInt(777, descr, [1, 2], [], [])).toThrow(/cannot call CallDescr f at 777: it is no function the codewriter called residually/);
    // set at translation time, before the first call (the index is built then)
    const linked = new NativeCPU();
    linked.residualAddresses = [555, 777];
    expect(() => linked.callVoid(777, descr, [1, 2], [], [])).toThrow(/no residual dispatcher is linked for target 1 \(2 int, 0 ref, 0 float arguments\)/);
  });
});
