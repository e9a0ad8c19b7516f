// Comparing a number with a string: the note says the string came from a field.

class Version {
  major: number | string = "1";
}

export function main(argv: string[]): number {
  const v = new Version();
  // @ts-expect-error: comparing a string with a number
  if (v.major < argv.length) console.log("old");
  return 0;
}
/* ==== error
tests/annotator/golden/errors/provenance-compare.ts:10:7: error: < compares two numbers or two strings, got char and int
> 10 |   if (v.major < argv.length) console.log("old");
     |       ^
  reached from: main
tests/annotator/golden/errors/provenance-compare.ts:4:3: note: Version.major is char because it is assigned here from "1"

1 error
*/
