const id = <T,>(x: T): T => x;
const long = (a: number, b: number):
  number => a + b;
const assert = (x: unknown) => x as number;
const nonNull = (m: Map<string, number>) => m.get("a")!;
const angle = <number>(<unknown>1);
const call = id<string>("s");
==== stripped
const id =     (x   )    => x;
const long = (a        , b
       ) => a + b;
const assert = (x         ) => x          ;
const nonNull = (m                     ) => m.get("a") ;
const angle =         (         1);
const call = id        ("s");
