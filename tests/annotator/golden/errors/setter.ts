// Setters are not RTS: use a method.

class Temperature {
  celsius = 0;
  set fahrenheit(value: number) {
    this.celsius = ((value - 32) * 5) / 9;
  }
}

export function main(argv: string[]): number {
  const t = new Temperature();
  t.fahrenheit = argv.length;
  return t.celsius;
}
/* ==== error
tests/annotator/golden/errors/setter.ts:12:5: error: 'fahrenheit' is a setter, which RTS does not have; make it a method, setFahrenheit(value), and call it
> 12 |   t.fahrenheit = argv.length;
     |     ^
  reached from: main

1 error
*/
