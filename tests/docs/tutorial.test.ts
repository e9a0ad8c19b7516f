// docs/tutorial.md runs as it reads: its files are written to a scratch folder, its `npx rts`
// commands and the executables they make (`./name ...`) run there, and every ```text block is
// the output of the command in backticks on the two lines before it, which say "prints" (the whole of
// stdout and stderr; with "among other lines", lines that must all be among the output's). A
// command may start with environment settings (`RTSLOG=... npx rts ...`). The tutorial's steps
// run in order: a later step uses what an earlier one translated.

import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { linesMissing, repoRoot, runCommand, runRts } from "../helpers/run-rts.ts";

const tutorial = readFileSync(path.join(repoRoot, "docs/tutorial.md"), "utf8").split("\n");

interface Step {
  line: number;
  env: Record<string, string>;
  /** `rts` and its arguments, or `./name` and its arguments. */
  command: string[];
  output: string | null;
  partial: boolean;
}

/** Every file (a ts block after "`name.ts`:") and every command in backticks, in order; a text block is the output of the command before it. */
function readTutorial(): { files: Map<string, string>; steps: Step[]; problems: string[] } {
  const files = new Map<string, string>();
  const steps: Step[] = [];
  const problems: string[] = [];
  // the last two lines of text before a block: a command and its "prints" may be on either
  let last = "";
  let recent = "";
  for (let i = 0; i < tutorial.length; i++) {
    const open = /^```(\w*)\s*$/.exec(tutorial[i]!);
    if (!open) {
      if (tutorial[i]!.trim() !== "") {
        recent = `${last} ${tutorial[i]!}`;
        last = tutorial[i]!;
      }
      for (const span of tutorial[i]!.matchAll(/`((?:[A-Z_]+=\S+ )*(?:npx rts|\.\/[\w-]+) [^`]*)`/g)) {
        const words = span[1]!.trim().split(/\s+/);
        const env: Record<string, string> = {};
        while (/^[A-Z_]+=/.test(words[0]!)) {
          const [name, ...value] = words.shift()!.split("=");
          env[name!] = value.join("=");
        }
        if (words[0] === "npx") words.shift();
        steps.push({ line: i + 1, env, command: words, output: null, partial: false });
      }
      continue;
    }
    let end = i + 1;
    while (end < tutorial.length && tutorial[end] !== "```") end++;
    const text = tutorial.slice(i + 1, end).map((l) => `${l}\n`).join("");
    const named = /`([\w.-]+\.ts)`:\s*$/.exec(last);
    if (open[1] === "ts" && named) files.set(named[1]!, text);
    if (open[1] === "text") {
      const step = steps[steps.length - 1];
      if (!step || !/\bprints\b/.test(last) || !recent.includes(step.command.join(" "))) problems.push(`docs/tutorial.md:${i + 1}: a text block after a line with no command that prints it`);
      else {
        step.output = text;
        step.partial = /among other lines/.test(recent);
      }
    }
    i = end;
  }
  return { files, steps, problems };
}

const { files, steps, problems } = readTutorial();
const scratch = mkdtempSync(path.join(os.tmpdir(), "rts-tutorial-"));
for (const [name, text] of files) writeFileSync(path.join(scratch, name), text);
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

describe("docs/tutorial.md: its commands do what it shows", () => {
  it("has its two files, and shows outputs only after the commands that print them", () => {
    expect(problems).toEqual([]);
    expect([...files.keys()].sort()).toEqual(["counter-jit.ts", "counter.ts"]);
    expect(steps.filter((s) => s.output !== null).length).toBeGreaterThanOrEqual(5);
  });

  // in order: the translations come before the runs of what they made
  for (const step of steps) {
    it(`docs/tutorial.md:${step.line}: ${step.command.join(" ")}`, { timeout: 300_000 }, async () => {
      // `rts ...`, or an executable an earlier step made in the scratch folder
      const [command, ...args] = step.command as [string, ...string[]];
      const result = command === "rts" ? await runRts(args, { cwd: scratch, env: step.env }) : await runCommand(path.join(scratch, command), args, { cwd: scratch, env: step.env });
      const printed = result.stdout + result.stderr;
      expect(result.status, printed).toBe(0);
      if (step.output === null) return;
      if (step.partial) {
        expect(linesMissing(step.output, printed), printed).toEqual([]);
      } else {
        expect(printed).toBe(step.output);
      }
    });
  }
});
