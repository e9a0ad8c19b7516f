// An arrow stored in a variable is a closure (it could be called anywhere, later); the advice,
// followed in ok/arrow-advice-followed.ts, is a module-level function taking what it uses.

export function main(argv: string[]): number {
  const factor = argv.length;
  const scaled = (x: number) => x * factor;
  return [1, 2, 3].map(scaled).length;
}
/* ==== error
tests/annotator/golden/errors/arrow-stored.ts:6:18: error: an arrow function used as a value (stored, returned or passed to a function) is a closure, which RTS does not have; declare a module-level function instead, with what it uses from here (factor) as extra parameters, and call or pass that (an arrow is RTS only written directly as the callback of an array method: map, filter, forEach, some, every, find, findIndex, reduce and sort)
> 6 |   const scaled = (x: number) => x * factor;
    |                  ^
  reached from: main

1 error
*/
