/**
 * The top README.md shows what the tool prints; these tests run what it shows and compare, so
 * that it cannot drift from the tool again. The README's conventions (any paragraph that shows
 * no output is free text):
 *
 * - a file: a ```ts block right after a line ending in "`name.ts`:"; it is written to a scratch
 *   folder, where the commands that name it run;
 * - an output: a ```text block right after a line that holds the command in backticks
 *   (`npx rts ...`) and says "prints"; "exits with status N" in that line gives the status
 *   (else 0), "among other lines" makes the block a subset of the output's lines (else the whole
 *   of stdout and stderr, in that order). Every ```text block must be such an output.
 *
 * And every `rts` command and option the README names (in code spans and code blocks) must be
 * one that `rts --help` and `rts <command> --help` list.
 */

import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { linesMissing, repoRoot, runRts } from "./helpers/run-rts.ts";

const readme = readFileSync(path.join(repoRoot, "README.md"), "utf8");
const lines = readme.split("\n");

interface Fenced {
  lang: string;
  /** 1-based line of the opening fence. */
  line: number;
  /** The block's text, each line ending in "\n". */
  text: string;
  /** The last non-empty line before the opening fence. */
  before: string;
}

function fencedBlocks(): Fenced[] {
  const blocks: Fenced[] = [];
  for (let i = 0; i < lines.length; i++) {
    const open = /^```(\w*)\s*$/.exec(lines[i]!);
    if (!open) continue;
    let end = i + 1;
    while (end < lines.length && lines[end] !== "```") end++;
    let b = i - 1;
    while (b >= 0 && lines[b]!.trim() === "") b--;
    blocks.push({ lang: open[1]!, line: i + 1, text: lines.slice(i + 1, end).map((l) => `${l}\n`).join(""), before: b >= 0 ? lines[b]! : "" });
    i = end;
  }
  return blocks;
}

interface Example {
  line: number;
  command: string[];
  status: number;
  partial: boolean;
  output: string;
}

const blocks = fencedBlocks();
const files = new Map<string, string>();
for (const block of blocks) {
  const named = /`([\w.-]+\.ts)`:\s*$/.exec(block.before);
  if (block.lang === "ts" && named) files.set(named[1]!, block.text);
}

/** The examples, and the text blocks that do not follow the convention (as problems). */
const examples: Example[] = [];
const problems: string[] = [];
for (const block of blocks.filter((b) => b.lang === "text")) {
  const command = /`(?:npx )?rts ([^`]+)`/.exec(block.before);
  if (!command || !/\bprints\b/.test(block.before)) {
    problems.push(`README.md:${block.line}: a text block after a line that names no \`npx rts ...\` command that prints it`);
    continue;
  }
  examples.push({
    line: block.line,
    command: command[1]!.trim().split(/\s+/),
    status: Number(/exits with status (\d+)/.exec(block.before)?.[1] ?? 0),
    partial: /among other lines/.test(block.before),
    output: block.text,
  });
}

const scratch = mkdtempSync(path.join(os.tmpdir(), "rts-readme-"));
for (const [name, text] of files) writeFileSync(path.join(scratch, name), text);
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

describe("README.md's examples print what it shows", () => {
  it("shows its outputs in the checked form, and has them", () => {
    expect(problems).toEqual([]);
    expect(files.has("demo.ts")).toBe(true);
    expect(examples.length).toBeGreaterThanOrEqual(4);
  });

  for (const example of examples) {
    it.concurrent(`README.md:${example.line}: rts ${example.command.join(" ")}`, async ({ expect }) => {
      // A command that names a file of the README runs where the files were written.
      const cwd = example.command.some((arg) => files.has(arg)) ? scratch : repoRoot;
      const result = await runRts(example.command, { cwd });
      const printed = result.stdout + result.stderr;
      if (example.partial) {
        expect(linesMissing(example.output, printed), printed).toEqual([]);
        expect(result.status).toBe(example.status);
      } else {
        expect({ printed, status: result.status }).toEqual({ printed: example.output, status: example.status });
      }
    });
  }
});

/** The text of inline code spans and code blocks (not TypeScript or outputs): where commands are named. */
function codeTexts(): string[] {
  const texts: string[] = [];
  let fence: string | null = null;
  for (const line of lines) {
    const marker = /^```(\w*)/.exec(line);
    if (marker) {
      fence = fence === null ? marker[1]! : null;
      continue;
    }
    if (fence !== null) {
      if (fence !== "ts" && fence !== "text") texts.push(line);
      continue;
    }
    if (/^ {4}/.test(line)) texts.push(line);
    for (const span of line.matchAll(/`([^`]+)`/g)) texts.push(span[1]!);
  }
  return texts;
}

/** The options a help text lists under "Options:". */
function optionsOf(help: string): Set<string> {
  const section = help.split(/^Options:$/m)[1]?.split(/^\S/m)[0] ?? "";
  return new Set([...section.matchAll(/(?:^|[\s,])(--?[a-zA-Z][\w-]*)/g)].map((m) => m[1]!));
}

describe("README.md names only commands and options that exist", () => {
  it("every `rts <command>` and each of its options is in the command's --help", async () => {
    const top = await runRts(["--help"]);
    expect(top.status).toBe(0);
    const commands = new Map<string, Set<string>>();
    for (const m of top.stdout.split(/^Commands:$/m)[1]!.matchAll(/^ {2}(\w+)/gm)) commands.set(m[1]!, new Set());
    expect([...commands.keys()]).toContain("translate");
    for (const command of commands.keys()) {
      if (command === "help") continue;
      const help = await runRts([command, "--help"]);
      expect(help.status, `rts ${command} --help`).toBe(0);
      commands.set(command, optionsOf(help.stdout));
    }
    const globalOptions = optionsOf(top.stdout);
    const allOptions = new Set([...globalOptions, ...[...commands.values()].flatMap((o) => [...o])]);

    const named: string[] = [];
    const unknown: string[] = [];
    for (const text of codeTexts()) {
      // An option on its own (`--opt 0`, `-o`) must be one of some command (`-Infinity` is no option).
      const lone = /^(--[a-zA-Z][\w-]*|-[a-zA-Z](?![\w-]))/.exec(text);
      if (lone && !allOptions.has(lone[1]!)) unknown.push(`option ${lone[1]} (in \`${text}\`)`);
      for (const use of text.matchAll(/(?:^|[\s(])rts((?: +[^\s#`|;&)]+)+)/g)) {
        const words = use[1]!.trim().split(/ +/).map((w) => w.replace(/^\[|\]$/g, ""));
        const first = words[0]!;
        if (first.startsWith("<")) continue; // `rts <command> --help`
        named.push(`rts ${words.join(" ")}`);
        if (first.startsWith("-")) {
          if (!globalOptions.has(first)) unknown.push(`rts ${first}`);
          continue;
        }
        const options = commands.get(first);
        if (options === undefined) {
          unknown.push(`command rts ${first} (in \`${text.trim()}\`)`);
          continue;
        }
        for (const word of words.slice(1)) {
          const option = /^(--?[a-zA-Z][\w-]*)/.exec(word)?.[1];
          if (option !== undefined && !options.has(option)) unknown.push(`option ${option} of rts ${first} (in \`${text.trim()}\`)`);
        }
      }
    }
    expect(unknown).toEqual([]);
    // The README names the commands it documents: the check has something to check.
    for (const command of ["run", "annotate", "graph", "lltype", "translate"]) expect(named.some((n) => n.startsWith(`rts ${command}`))).toBe(true);
  });
});
