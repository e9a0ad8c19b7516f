import { type A, b } from "./x.ts";
import type { C } from "./c.ts";
interface Foo { x: number }
type Bar = string | number
export abstract class K<T extends object> extends Base<T> implements Foo, Bar {
  private readonly x: number = 1;
  declare y: string;
  z?: number;
  w!: string;
  [key: string]: unknown;
  abstract m(): void;
  over(a: number): void;
  over(a: number, b?: string): void {}
  public static s<U>(this: K<U>, a: U, ...rest: U[]): U[] { return rest as U[]; }
}
let v!: number;
const f = <T,>(a: T): T => a!;
const g = (a: number):
  number => a;
const h = f<number>(1) satisfies number;
const i = <number>h;
function over(a: string): void;
function over(a: any) {}
declare const dd: number;
namespace NS { export type Q = number }
export type { Foo };
==== stripped
import {         b } from "./x.ts";



export          class K                   extends Base                        {
                   x         = 1;

  z         ;
  w         ;



  over(a        , b         )       {}
         static s   (            a   , ...rest     )      { return rest       ; }
}
let v         ;
const f =     (a   )    => a ;
const g = (a
       ) => a;
const h = f        (1)                 ;
const i =         h;

function over(a     ) {}
;
;
;
