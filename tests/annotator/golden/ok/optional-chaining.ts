// Optional chaining: `x?.f` and `x?.m()` give undefined when x is null; `??` supplies a default.

class Config {
  name: string;
  depth: number;
  constructor(name: string, depth: number) {
    this.name = name;
    this.depth = depth;
  }
  describe(): string {
    return `${this.name}@${this.depth}`;
  }
}

function find(configs: Config[], name: string): Config | null {
  for (const c of configs) if (c.name === name) return c;
  return null;
}

export function main(argv: string[]): number {
  const configs = [new Config("a", 1), new Config("b", 2)];
  const found = find(configs, (argv.length > 1 ? argv[1]! : "a"));
  const depth = found?.depth;
  const text = found?.describe() ?? "none";
  console.log(text);
  return depth ?? 0;
}
/* ==== annotate
optional-chaining.ts:3 class Config
  depth: int
  name: char
optional-chaining.ts:6 Config.constructor(name: char, depth: int) -> void
optional-chaining.ts:10 Config.describe() -> string
optional-chaining.ts:15 find(configs: Config[], name: string) -> Config | null
optional-chaining.ts:20 main(argv: string[]) -> int
*/
