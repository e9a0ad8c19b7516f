// Reading a method without calling it: methods are not values in RTS.

class Button {
  label = "ok";
  click(): string {
    return this.label;
  }
}

export function main(argv: string[]): number {
  const button = new Button();
  const handler = button.click;
  return argv.length + (handler === undefined ? 0 : 1);
}
/* ==== error
tests/annotator/golden/errors/method-as-value.ts:12:26: error: methods are not values in RTS: call click() directly, or give an array method an arrow that calls it: (x) => button.click(x)
> 12 |   const handler = button.click;
     |                          ^
  reached from: main

1 error
*/
