// A dispatch table built at import time: an array of functions indexed by opcode.

function opInc(x: number): number {
  return x + 1;
}

function opDouble(x: number): number {
  return x * 2;
}

function opHalve(x: number): number {
  return Math.floor(x / 2);
}

const HANDLERS = [opInc, opDouble, opHalve];
const BY_NAME = new Map([
  ["inc", opInc],
  ["double", opDouble],
]);

export function main(argv: string[]): number {
  let acc = 1;
  for (let i = 0; i < argv.length; i++) acc = HANDLERS[i % HANDLERS.length]!(acc);
  const named = BY_NAME.get((argv.length > 0 ? argv[0]! : "inc"));
  if (named !== undefined) acc = named(acc);
  return acc;
}
/* ==== annotate
function-table.ts:3 opInc(x: int) -> int
function-table.ts:7 opDouble(x: int) -> int
function-table.ts:11 opHalve(x: int) -> int
function-table.ts:21 main(argv: string[]) -> int
*/
