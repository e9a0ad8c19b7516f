/**
 * The major collection (RTS): mark-sweep of the old space, run right after a minor collection
 * (so the nursery is empty and no object is young). Marks from the shadow stack and from the
 * prebuilt objects ever written with a heap pointer (their pointers are traced; a prebuilt
 * object reached through a pointer is neither marked nor traced, since every heap pointer it
 * holds made it a prebuilt root), with an explicit mark stack; then oldSweep() frees what is
 * unmarked and clears the marks (its arenas with nothing live are kept for the collector to trim).
 */

import { gcShared, loadInt32, loadWord, storeInt32 } from "rts/system";
import { stackGet, stackIsEmpty, stackLength, stackPop, stackPush } from "./address-stack.js";
import { GC, JIT_ROOTS, MARK_STACK, PREBUILT_ROOTS } from "./gc-state.js";
import {
  FLAGS_OFFSET,
  MARKED,
  PREBUILT,
  SHARED_ROOT_BASE,
  SHARED_ROOT_TOP,
  TYPE_ITEM_POINTERS,
  TYPE_ITEM_SIZE,
  TYPE_ITEMS_OFFSET,
  TYPE_LENGTH_OFFSET,
  TYPE_POINTERS,
} from "./layout.js";
import { NOT_A_POINTER_BELOW, entryOf } from "./objects.js";
import { oldSweepKeepingArenas } from "./oldspace.js";

/** Runs one major collection (the nursery must be empty: call it right after minorCollection). */
export function majorCollection(): void {
  const shared = gcShared();
  const rootTop = loadWord(shared, SHARED_ROOT_TOP);
  for (let slot = loadWord(shared, SHARED_ROOT_BASE); slot < rootTop; slot += 8) markValue(loadWord(slot, 0));
  for (let i = 0; i < GC.extraRootCount; i++) markValue(loadWord(GC.extraRoots + i * 8, 0));
  const jitRoots = stackLength(JIT_ROOTS);
  for (let i = 0; i < jitRoots; i++) markValue(stackGet(JIT_ROOTS, i));

  const prebuilt = stackLength(PREBUILT_ROOTS);
  for (let i = 0; i < prebuilt; i++) traceMark(stackGet(PREBUILT_ROOTS, i));

  while (!stackIsEmpty(MARK_STACK)) traceMark(stackPop(MARK_STACK));

  oldSweepKeepingArenas();
  GC.majorCount += 1;
}

/** Marks the object a word points to, if it is a heap object not yet marked. */
function markValue(value: number): void {
  if (value < NOT_A_POINTER_BELOW) return;
  const flags = loadInt32(value, FLAGS_OFFSET);
  if ((flags & (MARKED | PREBUILT)) !== 0) return;
  storeInt32(value, FLAGS_OFFSET, flags | MARKED);
  stackPush(MARK_STACK, value);
}

/** Marks what every GC pointer of an object (fixed part and all items) points to. */
function traceMark(obj: number): void {
  const entry = entryOf(obj);
  const pointers = loadWord(entry, TYPE_POINTERS);
  if (pointers !== 0) {
    const count = loadWord(pointers, 0);
    for (let i = 0; i < count; i++) markValue(loadWord(obj, loadWord(pointers, 8 + i * 8)));
  }
  const itemSize = loadWord(entry, TYPE_ITEM_SIZE);
  if (itemSize === 0) return;
  const itemPointers = loadWord(entry, TYPE_ITEM_POINTERS);
  if (itemPointers === 0) return;
  const count = loadWord(itemPointers, 0);
  if (count === 0) return;
  const length = loadWord(obj, loadWord(entry, TYPE_LENGTH_OFFSET));
  let item = obj + loadWord(entry, TYPE_ITEMS_OFFSET);
  if (count === 1) {
    // The usual array of pointers (or of one-pointer items): no inner loop.
    let field = item + loadWord(itemPointers, 8);
    for (let index = 0; index < length; index++) {
      markValue(loadWord(field, 0));
      field += itemSize;
    }
    return;
  }
  for (let index = 0; index < length; index++) {
    for (let i = 0; i < count; i++) markValue(loadWord(item, loadWord(itemPointers, 8 + i * 8)));
    item += itemSize;
  }
}
