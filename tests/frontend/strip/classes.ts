export abstract class Shape<T> implements Printable {
  protected readonly name: string;
  static count: number = 0;
  declare tag: string;
  abstract area(): number;
  constructor(name: string) {
    this.name = name;
  }
  public describe(this: Shape<T>, prefix?: string): string {
    return `${prefix ?? ""}${this.name}`;
  }
  get size(): number { return 1; }
  set size(value: number) {}
}
class Square extends Shape<number> {
  override area(): number { return 4; }
}
==== stripped
export          class Shape                         {
                     name        ;
  static count         = 0;


  constructor(name        ) {
    this.name = name;
  }
         describe(                prefix         )         {
    return `${prefix ?? ""}${this.name}`;
  }
  get size()         { return 1; }
  set size(value        ) {}
}
class Square extends Shape         {
           area()         { return 4; }
}
