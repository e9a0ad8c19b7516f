// Arrays, typed arrays and maps held by prebuilt objects (and prebuilt themselves) changed at
// run time: items stored, pushed and popped, map entries set and deleted, and the container
// itself replaced; each read back as a value and in a condition.

class Registry {
  enabled: boolean[] = [false, false, false];
  names: string[] = ["a"];
  weights = new Float64Array(3);
  bytes = new Uint8Array(2);
  options = new Map<string, boolean>([["trace", false]]);
  counts = new Map<string, number>();
  enable(i: number): void {
    this.enabled[i] = true;
  }
}

const registry = new Registry();
const switches: boolean[] = [false, true];
const table = new Map<string, string>([["x", "one"]]);

export function main(argv: string[]): number {
  registry.enable(argv.length - 1);
  registry.enabled[0] = argv.length > 1;
  console.log(registry.enabled.join(","), registry.enabled[0] ? "first on" : "first off");
  registry.names.push(argv[0]!.length > 0 ? "b" : "c");
  registry.names[0] = "z";
  console.log(registry.names.join(","), registry.names.length);
  registry.weights[1] = argv.length * 0.5;
  registry.bytes[0] = 255 + argv.length;
  console.log(registry.weights[1], registry.bytes[0], registry.bytes[1]);
  registry.options.set("trace", argv.length > 1);
  registry.options.set("debug", true);
  if (registry.options.get("trace")) console.log("trace on");
  console.log(registry.options.get("trace"), registry.options.get("debug"), registry.options.size);
  registry.counts.set("n", argv.length);
  registry.counts.delete("m");
  console.log(registry.counts.get("n"), registry.counts.has("n"));
  switches[0] = !switches[0];
  switches[1] = switches.length > 5;
  console.log(switches[0], switches[1]);
  let spins = 0;
  while (!switches[1] && spins < 3) spins++;
  console.log("spins", spins);
  table.set("x", "two");
  table.delete("y");
  console.log(table.get("x"), table.size);
  registry.enabled = [true];
  console.log(registry.enabled.length, registry.enabled[0]);
  return registry.names.length;
}
/* ==== annotate
prebuilt-mutation-containers.ts:5 class Registry
  bytes: Uint8Array
  counts: Map<char, int>
  enabled: bool[]
  names: char[]
  options: Map<string, bool>
  weights: Float64Array
prebuilt-mutation-containers.ts:12 Registry.enable(i: int) -> void
prebuilt-mutation-containers.ts:21 main(argv: string[]) -> int
*/
