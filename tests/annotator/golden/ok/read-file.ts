// readFileSync(path, "utf8") from node:fs gives a string; it throws an Error when the file
// cannot be read, which the program can catch.

import { readFileSync } from "node:fs";

function load(path: string): string | null {
  try {
    return readFileSync(path, "utf8");
  } catch (e) {
    if (e instanceof Error) console.error(e.message);
    return null;
  }
}

export function main(argv: string[]): number {
  if (argv.length < 2) {
    console.error("usage: read-file <path>");
    return 2;
  }
  const text = load(argv[1]!);
  return text === null ? 1 : text.split("\n").length;
}
/* ==== annotate
read-file.ts:6 load(path: string) -> string | null
read-file.ts:15 main(argv: string[]) -> int
*/
