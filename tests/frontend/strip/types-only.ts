import type { A } from "./a.ts";
import { type B, c } from "./b.ts";
export type { A };
export { type B, c };
interface I { x: number }
type U = I | null
const v = 1
type W = number
;(v)
declare function external(): void;
namespace Types { export type T = number }
declare global { interface Window { x: number } }
function overloaded(a: string): void;
function overloaded(a: number): void;
function overloaded(a: unknown): void {}
==== stripped

import {         c } from "./b.ts";

export {         c };


const v = 1
;
 (v)
;
;
;


function overloaded(a         )       {}
