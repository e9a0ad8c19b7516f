export function f(s: string): boolean {
  return /a+/.test(s);
}
/* ==== error
tests/frontend/graphs/regex.ts:2:10: error: regular expressions are not RTS; scan the string with charCodeAt or indexOf
*/
