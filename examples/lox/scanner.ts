// The Lox scanner (clox's scanner.c): turns source text into tokens on demand, one scanToken()
// call per token. Errors come back as TOKEN_ERROR tokens whose lexeme is the message.

export const TOKEN_LEFT_PAREN = 0;
export const TOKEN_RIGHT_PAREN = 1;
export const TOKEN_LEFT_BRACE = 2;
export const TOKEN_RIGHT_BRACE = 3;
export const TOKEN_COMMA = 4;
export const TOKEN_DOT = 5;
export const TOKEN_MINUS = 6;
export const TOKEN_PLUS = 7;
export const TOKEN_SEMICOLON = 8;
export const TOKEN_SLASH = 9;
export const TOKEN_STAR = 10;
export const TOKEN_BANG = 11;
export const TOKEN_BANG_EQUAL = 12;
export const TOKEN_EQUAL = 13;
export const TOKEN_EQUAL_EQUAL = 14;
export const TOKEN_GREATER = 15;
export const TOKEN_GREATER_EQUAL = 16;
export const TOKEN_LESS = 17;
export const TOKEN_LESS_EQUAL = 18;
export const TOKEN_IDENTIFIER = 19;
export const TOKEN_STRING = 20;
export const TOKEN_NUMBER = 21;
export const TOKEN_AND = 22;
export const TOKEN_CLASS = 23;
export const TOKEN_ELSE = 24;
export const TOKEN_FALSE = 25;
export const TOKEN_FOR = 26;
export const TOKEN_FUN = 27;
export const TOKEN_IF = 28;
export const TOKEN_NIL = 29;
export const TOKEN_OR = 30;
export const TOKEN_PRINT = 31;
export const TOKEN_RETURN = 32;
export const TOKEN_SUPER = 33;
export const TOKEN_THIS = 34;
export const TOKEN_TRUE = 35;
export const TOKEN_VAR = 36;
export const TOKEN_WHILE = 37;
export const TOKEN_ERROR = 38;
export const TOKEN_EOF = 39;
/** How many token types there are (for tables indexed by token type). */
export const TOKEN_COUNT = 40;

/** Reserved words and their token types. */
const KEYWORDS: Map<string, number> = new Map([
  ["and", TOKEN_AND],
  ["class", TOKEN_CLASS],
  ["else", TOKEN_ELSE],
  ["false", TOKEN_FALSE],
  ["for", TOKEN_FOR],
  ["fun", TOKEN_FUN],
  ["if", TOKEN_IF],
  ["nil", TOKEN_NIL],
  ["or", TOKEN_OR],
  ["print", TOKEN_PRINT],
  ["return", TOKEN_RETURN],
  ["super", TOKEN_SUPER],
  ["this", TOKEN_THIS],
  ["true", TOKEN_TRUE],
  ["var", TOKEN_VAR],
  ["while", TOKEN_WHILE],
]);

export class Token {
  type: number;
  /** The source text of the token (for TOKEN_ERROR, the error message). */
  lexeme: string;
  line: number;
  constructor(type: number, lexeme: string, line: number) {
    this.type = type;
    this.lexeme = lexeme;
    this.line = line;
  }
}

function isDigit(c: number): boolean {
  return c >= 48 && c <= 57; // '0'..'9'
}

function isAlpha(c: number): boolean {
  return (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || c === 95; // a-z A-Z _
}

export class Scanner {
  source: string;
  start: number;
  current: number;
  line: number;
  /**
   * One string per identifier, as clox interns its strings: names compare by pointer where the VM
   * looks them up (fields, methods, globals), not code unit by code unit. "init" is the VM's own
   * constant, so that looking up initializers finds the very key.
   */
  names: Map<string, string>;

  constructor(source: string) {
    this.source = source;
    this.start = 0;
    this.current = 0;
    this.line = 1;
    this.names = new Map([["init", "init"]]);
  }

  scanToken(): Token {
    this.skipWhitespace();
    this.start = this.current;
    if (this.isAtEnd()) return this.makeToken(TOKEN_EOF);

    const c = this.advance();
    if (isAlpha(c)) return this.identifier();
    if (isDigit(c)) return this.number();

    switch (c) {
      case 40: return this.makeToken(TOKEN_LEFT_PAREN); // (
      case 41: return this.makeToken(TOKEN_RIGHT_PAREN); // )
      case 123: return this.makeToken(TOKEN_LEFT_BRACE); // {
      case 125: return this.makeToken(TOKEN_RIGHT_BRACE); // }
      case 59: return this.makeToken(TOKEN_SEMICOLON); // ;
      case 44: return this.makeToken(TOKEN_COMMA); // ,
      case 46: return this.makeToken(TOKEN_DOT); // .
      case 45: return this.makeToken(TOKEN_MINUS); // -
      case 43: return this.makeToken(TOKEN_PLUS); // +
      case 47: return this.makeToken(TOKEN_SLASH); // /
      case 42: return this.makeToken(TOKEN_STAR); // *
      case 33: return this.makeToken(this.match(61) ? TOKEN_BANG_EQUAL : TOKEN_BANG); // ! !=
      case 61: return this.makeToken(this.match(61) ? TOKEN_EQUAL_EQUAL : TOKEN_EQUAL); // = ==
      case 60: return this.makeToken(this.match(61) ? TOKEN_LESS_EQUAL : TOKEN_LESS); // < <=
      case 62: return this.makeToken(this.match(61) ? TOKEN_GREATER_EQUAL : TOKEN_GREATER); // > >=
      case 34: return this.string(); // "
    }
    return this.errorToken("Unexpected character.");
  }

  private isAtEnd(): boolean {
    return this.current >= this.source.length;
  }

  private advance(): number {
    this.current++;
    return this.source.charCodeAt(this.current - 1);
  }

  /** The current character, or 0 at the end. */
  private peek(): number {
    if (this.isAtEnd()) return 0;
    return this.source.charCodeAt(this.current);
  }

  private peekNext(): number {
    if (this.current + 1 >= this.source.length) return 0;
    return this.source.charCodeAt(this.current + 1);
  }

  private match(expected: number): boolean {
    if (this.isAtEnd()) return false;
    if (this.source.charCodeAt(this.current) !== expected) return false;
    this.current++;
    return true;
  }

  private makeToken(type: number): Token {
    return new Token(type, this.source.substring(this.start, this.current), this.line);
  }

  private errorToken(message: string): Token {
    return new Token(TOKEN_ERROR, message, this.line);
  }

  private skipWhitespace(): void {
    for (;;) {
      const c = this.peek();
      switch (c) {
        case 32: // space
        case 13: // \r
        case 9: // \t
          this.advance();
          break;
        case 10: // \n
          this.line++;
          this.advance();
          break;
        case 47: // /
          if (this.peekNext() === 47) {
            // A comment goes until the end of the line.
            while (this.peek() !== 10 && !this.isAtEnd()) this.advance();
          } else {
            return;
          }
          break;
        default:
          return;
      }
    }
  }

  private identifier(): Token {
    while (isAlpha(this.peek()) || isDigit(this.peek())) this.advance();
    const text = this.source.substring(this.start, this.current);
    const keyword = KEYWORDS.get(text);
    if (keyword !== undefined) return new Token(keyword, text, this.line);
    const name = this.names.get(text);
    if (name !== undefined) return new Token(TOKEN_IDENTIFIER, name, this.line);
    this.names.set(text, text);
    return new Token(TOKEN_IDENTIFIER, text, this.line);
  }

  private number(): Token {
    while (isDigit(this.peek())) this.advance();
    // Look for a fractional part.
    if (this.peek() === 46 && isDigit(this.peekNext())) {
      this.advance(); // Consume the ".".
      while (isDigit(this.peek())) this.advance();
    }
    return this.makeToken(TOKEN_NUMBER);
  }

  private string(): Token {
    while (this.peek() !== 34 && !this.isAtEnd()) {
      if (this.peek() === 10) this.line++;
      this.advance();
    }
    if (this.isAtEnd()) return this.errorToken("Unterminated string.");
    this.advance(); // The closing quote.
    return this.makeToken(TOKEN_STRING);
  }
}
