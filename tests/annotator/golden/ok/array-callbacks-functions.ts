// The array methods that take a function, given module-level functions, a static method, a
// method read through a prebuilt object (it uses no `this`), and a parameter holding one of two
// functions (called through a pointer). Callbacks get (item, index, array), as many as they declare.

function square(x: number): number {
  return x * x;
}

function isOdd(x: number): boolean {
  return x % 2 === 1;
}

function positive(x: number): boolean {
  return x > 0;
}

function describeAt(x: number, i: number): string {
  return `${i}:${x}`;
}

function lastOne(x: number, i: number, all: number[]): boolean {
  return i === all.length - 1 && x >= 0;
}

function show(x: number): void {
  console.log("item", x);
}

function add(total: number, x: number): number {
  return total + x;
}

function half(total: number, x: number): number {
  return total + x / 2;
}

function byValue(a: number, b: number): number {
  return a - b;
}

function inc(x: number): number {
  return x + 1;
}

function dec(x: number): number {
  return x - 1;
}

class Units {
  static toCents(x: number): number {
    return x * 100;
  }
}

class Formatter {
  prefix = "#";
  label(x: number): string {
    return "n" + String(x);
  }
}

const formatter = new Formatter();

/** f is one of two functions: map calls it through a function pointer. */
function applyEach(xs: number[], f: (x: number) => number): number[] {
  return xs.map(f);
}

export function main(argv: string[]): number {
  const xs = [5, 3, 8, argv.length, 2];
  console.log(xs.map(square).join(" "), xs.map(describeAt).join(" "));
  console.log(xs.filter(isOdd).join(" "), xs.filter(lastOne).join(" "));
  xs.forEach(show);
  console.log(xs.some(isOdd), xs.every(positive), xs.every(isOdd));
  console.log(xs.find(isOdd), xs.find(lastOne), xs.findIndex(isOdd), [2, 4].findIndex(isOdd), [2, 4].find(isOdd));
  console.log(xs.reduce(add), xs.reduce(add, 100), xs.reduce(half, 0));
  console.log(xs.map(Units.toCents).join(" "), xs.map(formatter.label).join(" "));
  console.log(applyEach(xs, argv.length > 1 ? inc : dec).join(" "), applyEach(xs, inc).join(" "));
  const sorted = xs.slice();
  sorted.sort(byValue);
  console.log(sorted.join(" "), xs.join(" "));
  return xs.filter(positive).length;
}
/* ==== annotate
array-callbacks-functions.ts:5 square(x: int) -> int
array-callbacks-functions.ts:9 isOdd(x: int) -> bool
array-callbacks-functions.ts:13 positive(x: int) -> bool
array-callbacks-functions.ts:17 describeAt(x: int, i: int) -> string
array-callbacks-functions.ts:21 lastOne(x: int, i: int, all: int[]) -> bool
array-callbacks-functions.ts:25 show(x: int) -> void
array-callbacks-functions.ts:29 add(total: int, x: int) -> int
array-callbacks-functions.ts:33 half(total: float, x: int) -> float
array-callbacks-functions.ts:37 byValue(a: int, b: int) -> int
array-callbacks-functions.ts:41 inc(x: int) -> int
array-callbacks-functions.ts:45 dec(x: int) -> int
array-callbacks-functions.ts:49 class Units
array-callbacks-functions.ts:50 Units.toCents(x: int) -> int
array-callbacks-functions.ts:55 class Formatter
  prefix: char
array-callbacks-functions.ts:57 Formatter.label(x: int) -> string
array-callbacks-functions.ts:65 applyEach(xs: int[], f: function dec | function inc) -> int[]
array-callbacks-functions.ts:69 main(argv: string[]) -> int
*/
