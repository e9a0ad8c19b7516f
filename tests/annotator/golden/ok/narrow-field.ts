// A value checked with isNaN and then stored in a field: the field is an int.

class Config {
  width = 80;
  tabs = 4;
}

function parseConfig(args: string[]): Config {
  const config = new Config();
  for (const arg of args) {
    const eq = arg.indexOf("=");
    if (eq < 0) continue;
    const value = parseInt(arg.slice(eq + 1));
    if (isNaN(value)) continue;
    if (arg.startsWith("width")) config.width = value;
    else config.tabs = value;
  }
  return config;
}

export function main(argv: string[]): number {
  const config = parseConfig(["width=40", "tabs=x", "tabs=2", argv.length > 2 ? argv[2]! : "width=30"]);
  const ruler = "-".repeat(config.width);
  console.log(ruler.length, " ".repeat(config.tabs) + "|");
  return config.tabs;
}
/* ==== annotate
narrow-field.ts:3 class Config
  tabs: int
  width: int
narrow-field.ts:3 Config.constructor() -> void
narrow-field.ts:8 parseConfig(args: string[]) -> Config
narrow-field.ts:21 main(argv: string[]) -> int
*/
