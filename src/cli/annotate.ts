/**
 * `rts annotate target.ts`: runs import time and the annotator, then prints every reachable
 * function's signature and every class's fields (or --json), or the errors found (exit 2).
 */

import { Annotator } from "../annotator/annotator.js";
import { collectAnnotations, formatAnnotations, formatErrors } from "../annotator/print-annotations.js";
import { loadProgram } from "../frontend/modules.js";
import { colourError, highlightFrames } from "./style.js";

export async function annotateCommand(target: string, options: { json?: boolean; time?: boolean }): Promise<number> {
  const start = performance.now();
  const program = await loadProgram(target);
  const loaded = performance.now();
  const annotator = new Annotator(program);
  annotator.annotateMain();
  const annotated = performance.now();
  if (options.time) {
    const ms = (a: number, b: number) => `${(b - a).toFixed(0)} ms`;
    process.stderr.write(`loading (import time): ${ms(start, loaded)}; flow graphs and annotation: ${ms(loaded, annotated)}\n`);
  }
  if (annotator.errors.length > 0) {
    process.stderr.write(formatErrors(annotator, colourError, highlightFrames()));
    const n = annotator.errors.length;
    process.stderr.write(`\n${n} error${n === 1 ? "" : "s"}\n`);
    return 2;
  }
  const annotations = collectAnnotations(annotator);
  process.stdout.write(options.json ? JSON.stringify(annotations, null, 2) + "\n" : formatAnnotations(annotations));
  return 0;
}
