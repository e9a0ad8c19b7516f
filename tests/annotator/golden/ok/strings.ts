// Strings: length, +, slice, substring, indexOf, includes, startsWith; a one-character literal
// is a char and a longer string result is a string.

function extension(name: string): string {
  const dot = name.lastIndexOf(".");
  return dot < 0 ? "" : name.slice(dot + 1);
}

function describeName(name: string): string {
  let text = "name " + name;
  if (name.startsWith("_")) text += " (private)";
  if (name.includes("$")) text = text + " (generated)";
  return text.substring(0, 40);
}

export function main(argv: string[]): number {
  const file = (argv.length > 1 ? argv[1]! : "main.ts");
  console.log(describeName(file), extension(file), file.indexOf("a", 1));
  return file.length;
}
/* ==== annotate
strings.ts:4 extension(name: string) -> string
strings.ts:9 describeName(name: string) -> string
strings.ts:16 main(argv: string[]) -> int
*/
