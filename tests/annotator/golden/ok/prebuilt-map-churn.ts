// A Map built at import time that lives through many reorganizations: entries added and deleted
// far more often than it holds (as a JIT's table of loops is), and iterated while it is
// reorganized (the iterator visits the entries added meanwhile, not those deleted).

const LIVE = new Map<number, number>([
  [1, 10],
  [2, 20],
]);

function churn(rounds: number): number {
  for (let i = 0; i < rounds; i++) {
    LIVE.set(i + 100, i);
    if (i >= 40) LIVE.delete(i + 60);
  }
  return LIVE.size;
}

function moveWhileIterating(moves: number): number {
  let visits = 0;
  let sum = 0;
  for (const [key, value] of LIVE) {
    sum += key * 3 + value;
    if (visits < moves) {
      LIVE.set(key + 100000, value + 1);
      LIVE.delete(key);
    }
    visits++;
  }
  console.log(`visited ${visits}, sum ${sum}`);
  return visits;
}

export function main(argv: string[]): number {
  const rounds = argv.length > 1 ? parseInt(argv[1]!) : 5000;
  console.log(`after churn: ${churn(rounds)} entries`);
  const visits = moveWhileIterating(300);
  let keys = 0;
  for (const key of LIVE.keys()) keys += key % 1000;
  console.log(`keys ${keys}, size ${LIVE.size}`);
  return visits % 256;
}
/* ==== annotate
prebuilt-map-churn.ts:10 churn(rounds: float) -> int
prebuilt-map-churn.ts:18 moveWhileIterating(moves: int) -> int
prebuilt-map-churn.ts:33 main(argv: string[]) -> int
*/
