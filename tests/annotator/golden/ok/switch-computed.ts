// A switch whose cases are not all constants tests them in order with ===.

function classify(x: number, low: number, high: number): string {
  let result = "";
  switch (x) {
    case low:
      result = "low";
      break;
    case high:
      result = "high";
      break;
    case low + high:
      result = "sum";
      break;
    default:
      result = "other";
  }
  return result;
}

export function main(argv: string[]): number {
  return classify(argv.length, 1, 2).length;
}
/* ==== annotate
switch-computed.ts:3 classify(x: int, low: int, high: int) -> string
switch-computed.ts:21 main(argv: string[]) -> int
*/
