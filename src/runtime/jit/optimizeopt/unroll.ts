import { Trace } from "../history.js";
import { Optimizer } from "./optimizer.js";

export function isUnrollable(trace: Trace): boolean {
  return false;
}

export function unrollLoop(optimizer: Optimizer, trace: Trace): Trace {
  return optimizer.propagateAll(trace);
}
