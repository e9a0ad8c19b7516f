/**
 * Reading LL text (parse-llgraph.ts) one line at a time: tokens, names and types written with
 * nested brackets, and errors at a line and column with a frame of the line.
 */

/** A place in the text, 1-based. */
export interface Pos {
  readonly line: number;
  readonly column: number;
}

export class LLParseError extends Error {
  readonly file: string;
  readonly line: number;
  readonly column: number;

  constructor(file: string, line: number, column: number, message: string, frame: string) {
    super(`${file}:${line}:${column}: ${message}\n${frame}`);
    this.file = file;
    this.line = line;
    this.column = column;
  }
}

/** A name: a variable, block, field or operation (graph names may have dots: `Parser.next`). */
export const IDENT = /^[A-Za-z_$][\w$.]*/;

/** The cursor: columns are 0-based here, 1-based in positions and messages. */
export class LLTextCursor {
  protected readonly lines: string[];
  protected readonly file: string;
  protected line = 0;
  protected col = 0;

  constructor(text: string, file: string) {
    this.lines = text.split("\n");
    this.file = file;
  }

  protected get rest(): string {
    return this.lines[this.line]!.slice(this.col);
  }

  protected here(): Pos {
    return { line: this.line + 1, column: this.col + 1 };
  }

  protected fail(message: string, at: Pos = this.here()): never {
    const source = this.lines[at.line - 1] ?? "";
    const frame = `  ${at.line} | ${source}\n  ${" ".repeat(String(at.line).length)} | ${" ".repeat(Math.max(0, at.column - 1))}^`;
    throw new LLParseError(this.file, at.line, at.column, message, frame);
  }

  protected found(): string {
    const rest = this.rest.trimStart();
    if (rest === "") return this.lines.slice(this.line + 1).every((l) => l.trim() === "") ? "the end of the text" : "the end of the line";
    const word = /^(?:[\w$.]+|\S)/.exec(rest)![0];
    return `'${word}'`;
  }

  protected expected(what: string): never {
    this.skipSpaces();
    return this.fail(`expected ${what}, found ${this.found()}`);
  }

  protected skipSpaces(): void {
    const rest = this.rest;
    this.col += rest.length - rest.trimStart().length;
  }

  protected atEnd(): boolean {
    this.skipSpaces();
    return this.rest === "";
  }

  /** Consumes `token` (after spaces) if it comes next. */
  protected eat(token: string): boolean {
    this.skipSpaces();
    if (!this.rest.startsWith(token)) return false;
    if (/\w$/.test(token) && /^\w/.test(this.rest.slice(token.length))) return false; // a keyword, not a prefix of a name
    this.col += token.length;
    return true;
  }

  protected expect(token: string, what = `'${token}'`): void {
    if (!this.eat(token)) this.expected(what);
  }

  protected endOfLine(): void {
    if (!this.atEnd()) this.expected("the end of the line");
  }

  protected ident(what: string): string {
    this.skipSpaces();
    const m = IDENT.exec(this.rest);
    if (!m) this.expected(what);
    this.col += m[0].length;
    return m[0];
  }

  /** A JSON string literal. */
  protected string(): string {
    this.skipSpaces();
    const line = this.lines[this.line]!;
    let end = this.col + 1;
    while (end < line.length && line[end] !== '"') end += line[end] === "\\" ? 2 : 1;
    const literal = line.slice(this.col, end + 1);
    try {
      const value = JSON.parse(literal) as string;
      this.col = end + 1;
      return value;
    } catch {
      return this.fail("expected a string literal (JSON)");
    }
  }

  /**
   * The text of a name or type up to one of the stop characters at depth 0 (parentheses and
   * angle brackets nest, `->` is not a bracket, strings are skipped), trimmed.
   */
  protected span(stops: string, stopWord?: string): { text: string; at: Pos } {
    this.skipSpaces();
    const at = this.here();
    const line = this.lines[this.line]!;
    let depth = 0;
    let i = this.col;
    for (; i < line.length; i++) {
      const ch = line[i]!;
      if (depth === 0 && stops.includes(ch)) break;
      if (depth === 0 && stopWord && line.startsWith(stopWord, i)) break;
      if (ch === '"') {
        i++;
        while (i < line.length && line[i] !== '"') i += line[i] === "\\" ? 2 : 1;
      } else if (ch === "(" || ch === "<" || ch === "[") depth++;
      else if (ch === ")" || ch === "]" || (ch === ">" && line[i - 1] !== "-")) depth--;
      if (depth < 0) break;
    }
    const text = line.slice(this.col, i).trimEnd();
    this.col = i;
    return { text, at };
  }
}
