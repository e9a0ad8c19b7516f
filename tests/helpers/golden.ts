/**
 * Golden files: one file holds an input and the expected output of a stage, separated by a line
 * `==== <section>` (for example `==== stripped` or `==== error`). A test computes the output and
 * compares; with UPDATE_GOLDEN=1 in the environment it rewrites the expected part instead, so a
 * changed output is reviewed as a diff of the golden files.
 */

import { readFileSync, readdirSync, writeFileSync } from "node:fs";
import path from "node:path";

export interface GoldenCase {
  /** The file's name without directory. */
  name: string;
  file: string;
  input: string;
  /** The section name after `====`, or undefined when the file has none yet. */
  section: string | undefined;
  expected: string;
}

const SEPARATOR = /^==== ([a-z-]+)\n/m;

export function readGoldenCases(dir: string, extension: string): GoldenCase[] {
  return readdirSync(dir)
    .filter((name) => name.endsWith(extension))
    .sort()
    .map((name) => {
      const file = path.join(dir, name);
      const text = readFileSync(file, "utf8");
      const match = SEPARATOR.exec(text);
      if (!match) return { name, file, input: text, section: undefined, expected: "" };
      return {
        name,
        file,
        input: text.slice(0, match.index),
        section: match[1],
        expected: text.slice(match.index + match[0].length),
      };
    });
}

export const updating = process.env.UPDATE_GOLDEN === "1";

/** Rewrites a golden file with a new expected section. */
export function blessGolden(golden: GoldenCase, section: string, actual: string): void {
  writeFileSync(golden.file, `${golden.input}==== ${section}\n${actual}`);
}
