/**
 * What the array methods need from the runtime (src/rtyper/lower-list-callbacks.ts builds the
 * rest as LL helper graphs).
 */

/** reduce() without an initial value on an empty array: JavaScript's TypeError, catchable. */
export function reduceOfEmptyArray(): void {
  throw new TypeError("Reduce of empty array with no initial value");
}
