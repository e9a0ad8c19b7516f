let count: number = 0;
const names: string[] = [];
let later!: Map<string, number[]>;
function add(a: number, b: number = 2, c?: number): number {
  return a + b + (c ?? 0);
}
const pair: [number, string] = [1, "x"];
for (const x of names as string[]) count += x.length;
==== stripped
let count         = 0;
const names           = [];
let later                        ;
function add(a        , b         = 2, c         )         {
  return a + b + (c ?? 0);
}
const pair                   = [1, "x"];
for (const x of names            ) count += x.length;
