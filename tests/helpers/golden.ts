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
  commentWrapped: boolean;
}

const SEPARATOR = /^==== ([a-z-]+)\n/m;
/** In an input that must stay a valid module, the expected part is a final block comment. */
const COMMENT_SEPARATOR = /^\/\* ==== ([a-z-]+)\n/m;

/**
 * Reads every golden file with the extension in dir. With commentWrapped, the expected part is
 * written as `/* ==== section` ... `*\/` at the end, so that the input stays a runnable module.
 */
export function readGoldenCases(dir: string, extension: string, commentWrapped = false): GoldenCase[] {
  return readdirSync(dir)
    .filter((name) => name.endsWith(extension))
    .sort()
    .map((name) => {
      const file = path.join(dir, name);
      const text = readFileSync(file, "utf8");
      const match = (commentWrapped ? COMMENT_SEPARATOR : SEPARATOR).exec(text);
      if (!match) return { name, file, input: text, section: undefined, expected: "", commentWrapped };
      const rest = text.slice(match.index + match[0].length);
      return {
        name,
        file,
        input: text.slice(0, match.index),
        section: match[1],
        expected: commentWrapped ? rest.replace(/\*\/\n?$/, "") : rest,
        commentWrapped,
      };
    });
}

export const updating = process.env.UPDATE_GOLDEN === "1";

/** Rewrites a golden file with a new expected section. */
export function blessGolden(golden: GoldenCase, section: string, actual: string): void {
  const expected = golden.commentWrapped ? `/* ==== ${section}\n${actual}*/\n` : `==== ${section}\n${actual}`;
  writeFileSync(golden.file, golden.input + expected);
}
