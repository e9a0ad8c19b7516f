// Default and optional parameters: a default replaces undefined; an optional parameter that
// is not given is undefined.

function repeat(text: string, times = 2, separator = " "): string {
  let result = text;
  for (let i = 1; i < times; i++) result += separator + text;
  return result;
}

function greet(name: string, title?: string): string {
  return title === undefined ? name : `${title} ${name}`;
}

export function main(argv: string[]): number {
  console.log(repeat("ab"), repeat("cd", 3), repeat("ef", 2, "-"));
  console.log(greet("Ada"), greet("Lovelace", "Countess"));
  return argv.length;
}
/* ==== annotate
default-params.ts:4 repeat(text: string, times: int | undefined, separator: char | undefined) -> string
default-params.ts:10 greet(name: string, title: string | undefined) -> string
default-params.ts:14 main(argv: string[]) -> int
*/
