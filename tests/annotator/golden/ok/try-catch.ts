// Exceptions: a user Error subclass with its own field, thrown and caught; instanceof tells
// it from other errors.

class ParseError extends Error {
  offset: number;
  constructor(message: string, offset: number) {
    super(message);
    this.offset = offset;
  }
}

function parseDigit(text: string, i: number): number {
  const code = text.charCodeAt(i);
  if (code < 48 || code > 57) throw new ParseError(`not a digit: ${text[i]}`, i);
  return code - 48;
}

export function main(argv: string[]): number {
  const text = (argv.length > 1 ? argv[1]! : "12x");
  let value = 0;
  try {
    for (let i = 0; i < text.length; i++) value = value * 10 + parseDigit(text, i);
  } catch (e) {
    if (e instanceof ParseError) {
      console.error(`${e.message} at ${e.offset}`);
      return 1;
    }
    throw e;
  }
  return value;
}
/* ==== annotate
try-catch.ts:4 class ParseError extends Error
  offset: int
try-catch.ts:6 ParseError.constructor(message: string, offset: int) -> void
try-catch.ts:12 parseDigit(text: string, i: int) -> int
try-catch.ts:18 main(argv: string[]) -> int
*/
