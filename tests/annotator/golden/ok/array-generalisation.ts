// An array's item type is everything stored into it: ints and floats make float[], objects of
// two subclasses make an array of their base class.

class Item {
  weight(): number {
    return 1;
  }
}

class Heavy extends Item {
  override weight(): number {
    return 10;
  }
}

class Light extends Item {}

export function main(argv: string[]): number {
  const values = [1, 2];
  values.push(0.5);
  const items = [new Heavy()];
  items.push(new Light());
  let total = 0;
  for (const item of items) total += item.weight();
  return values.length + total + argv.length;
}
/* ==== annotate
array-generalisation.ts:4 class Item
array-generalisation.ts:4 Item.constructor() -> void
array-generalisation.ts:5 Item.weight() -> int
array-generalisation.ts:10 class Heavy extends Item
array-generalisation.ts:10 Heavy.constructor() -> void
array-generalisation.ts:11 Heavy.weight() -> int
array-generalisation.ts:16 class Light extends Item
array-generalisation.ts:16 Light.constructor() -> void
array-generalisation.ts:18 main(argv: string[]) -> int
*/
