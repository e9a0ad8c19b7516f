// A field read after a call that never returns, in the same block (found by the fuzzer, seed
// 24652). The first pass over fn5 meets the read before the constructor that sets the field has
// been annotated, and fails; when the block is annotated again, it stops at the call (which
// never returns), so the read is not reached any more: its earlier failure must not stay an
// error.

class Box {
  width = 2.25;
  label = "box";
  constructor(seed: number) {
    this.label = this.label + String(seed);
  }
}

function refuse(label: string): number {
  throw new Error("refused " + label);
}

function measure(seed: number): number {
  const box = new Box(seed);
  let size = refuse(box.label);
  try {
    size = Math.floor(box.width * seed);
  } catch (e) {
    size = -1;
  }
  return size;
}

export function main(argv: string[]): number {
  try {
    console.log(measure(argv.length));
  } catch (e) {
    if (e instanceof Error) console.log(e.message);
  }
  return 0;
}
/* ==== annotate
field-read-after-throwing-call.ts:7 class Box
  label: string
  width: float
field-read-after-throwing-call.ts:10 Box.constructor(seed: int) -> void
field-read-after-throwing-call.ts:15 refuse(label: string) -> never
field-read-after-throwing-call.ts:19 measure(seed: int) -> int
field-read-after-throwing-call.ts:30 main(argv: string[]) -> int
*/
