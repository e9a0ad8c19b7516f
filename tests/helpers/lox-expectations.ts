/**
 * The Lox conformance suite's expectations, read and checked the way the book's own test runner
 * (craftinginterpreters/tool/bin/test.dart) does it, so that any Lox implementation (the
 * untranslated examples/lox on Node, later a translated binary) can be run against it: only the
 * command that runs one script changes.
 *
 * In a test file:
 *   // expect: text                  a line of stdout, in order
 *   // expect runtime error: msg      stderr starts with msg, then a `[line N]` trace line naming
 *                                    this line; exit status 70
 *   // Error at 'x': msg             a compile error on this line: `[line N] Error at 'x': msg`
 *   // [line N] Error...             a compile error on line N; `[c line N]` applies only to the
 *                                    C implementation, `[java line N]` only to jlox; exit 65
 *   // nontest                       not a test at all
 */

import { spawn } from "node:child_process";
import { readFileSync, readdirSync, statSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

// The patterns of test.dart.
const EXPECTED_OUTPUT = /\/\/ expect: ?(.*)/;
const EXPECTED_ERROR = /\/\/ (Error.*)/;
const ERROR_LINE = /\/\/ \[((java|c) )?line (\d+)\] (Error.*)/;
const EXPECTED_RUNTIME_ERROR = /\/\/ expect runtime error: (.+)/;
const SYNTAX_ERROR = /\[.*line (\d+)\] (Error.+)/;
const STACK_TRACE = /\[line (\d+)\]/;
const NON_TEST = /\/\/ nontest/;

/** The project's own Lox programs, in the suite's format (tests/fixtures/lox/README.md). */
export const LOX_FIXTURES = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../fixtures/lox");
/** How many there are: a test checks it, so that none goes missing unnoticed. */
export const LOX_FIXTURE_COUNT = 75;

/** The folders of the conformance suite that the C implementation's runner leaves out (they test the tree-walker's chapters). */
export const LOX_SUITE_EXCLUDED = ["scanning", "expressions", "benchmark"];
/** How many scripts the C implementation's runner takes from the conformance suite. */
export const LOX_SUITE_TEST_COUNT = 246;

/** Exit statuses of clox (sysexits.h). */
export const EXIT_COMPILE_ERROR = 65;
export const EXIT_RUNTIME_ERROR = 70;

export interface ExpectedOutput {
  /** The line of the test file that holds the expectation. */
  line: number;
  text: string;
}

export interface LoxExpectations {
  file: string;
  /** False for files marked `// nontest`. */
  isTest: boolean;
  output: ExpectedOutput[];
  /** Compile errors as `[N] Error...`; any order. */
  errors: string[];
  /** The expected runtime error message, or null. */
  runtimeError: string | null;
  /** The line the runtime error's trace must name. */
  runtimeErrorLine: number;
  exitCode: number;
  /** Problems in the test file itself (as test.dart's "TEST ERROR"). */
  testErrors: string[];
}

export interface RunResult {
  stdout: string;
  stderr: string;
  /** The exit status, or null if the process was killed by a signal. */
  status: number | null;
  signal: string | null;
  timedOut: boolean;
  /** Wall time in milliseconds. */
  elapsed: number;
}

/** Splits text into lines as Dart's LineSplitter does (no empty line after a final line break). */
export function splitLines(text: string): string[] {
  if (text === "") return [];
  const lines = text.split(/\r\n|\r|\n/);
  if (lines[lines.length - 1] === "") lines.pop();
  return lines;
}

/** Reads the expectations of one test file; language picks `[c line N]` or `[java line N]` lines. */
export function parseExpectations(file: string, source: string, language: "c" | "java" = "c"): LoxExpectations {
  const result: LoxExpectations = {
    file,
    isTest: true,
    output: [],
    errors: [],
    runtimeError: null,
    runtimeErrorLine: 0,
    exitCode: 0,
    testErrors: [],
  };
  const lines = splitLines(source);
  for (let index = 0; index < lines.length; index++) {
    const line = lines[index]!;
    const lineNum = index + 1;
    if (NON_TEST.test(line)) {
      result.isTest = false;
      return result;
    }
    let match = EXPECTED_OUTPUT.exec(line);
    if (match) {
      result.output.push({ line: lineNum, text: match[1]! });
      continue;
    }
    match = EXPECTED_ERROR.exec(line);
    if (match) {
      result.errors.push(`[${lineNum}] ${match[1]}`);
      result.exitCode = EXIT_COMPILE_ERROR;
      continue;
    }
    match = ERROR_LINE.exec(line);
    if (match) {
      const lang = match[2];
      if (lang === undefined || lang === language) {
        result.errors.push(`[${match[3]}] ${match[4]}`);
        result.exitCode = EXIT_COMPILE_ERROR;
      }
      continue;
    }
    match = EXPECTED_RUNTIME_ERROR.exec(line);
    if (match) {
      result.runtimeErrorLine = lineNum;
      result.runtimeError = match[1]!;
      result.exitCode = EXIT_RUNTIME_ERROR;
    }
  }
  if (result.errors.length > 0 && result.runtimeError !== null) {
    result.testErrors.push("Cannot expect both compile and runtime errors.");
  }
  return result;
}

/** Compares one run with the expectations; returns the failures (empty when the test passes). */
export function checkRun(expected: LoxExpectations, run: RunResult): string[] {
  const failures: string[] = [...expected.testErrors];
  if (run.timedOut) failures.push(`Timed out after ${Math.round(run.elapsed)} ms.`);
  if (run.signal !== null && !run.timedOut) failures.push(`Killed by signal ${run.signal}.`);
  const outputLines = splitLines(run.stdout);
  const errorLines = splitLines(run.stderr);

  if (expected.runtimeError !== null) {
    checkRuntimeError(expected, errorLines, failures);
  } else {
    checkCompileErrors(expected, errorLines, failures);
  }
  checkExitCode(expected, run.status, errorLines, failures);
  checkOutput(expected, outputLines, failures);
  return failures;
}

function checkRuntimeError(expected: LoxExpectations, errorLines: string[], failures: string[]): void {
  if (errorLines.length < 2) {
    failures.push(`Expected runtime error '${expected.runtimeError}' and got none.`);
    if (errorLines.length > 0) failures.push(...errorLines);
    return;
  }
  if (errorLines[0] !== expected.runtimeError) {
    failures.push(`Expected runtime error '${expected.runtimeError}' and got:`);
    failures.push(errorLines[0]!);
  }
  let match: RegExpExecArray | null = null;
  const stackLines = errorLines.slice(1);
  for (const line of stackLines) {
    match = STACK_TRACE.exec(line);
    if (match) break;
  }
  if (match === null) {
    failures.push("Expected stack trace and got:", ...stackLines);
  } else {
    const stackLine = Number(match[1]);
    if (stackLine !== expected.runtimeErrorLine) {
      failures.push(`Expected runtime error on line ${expected.runtimeErrorLine} but was on line ${stackLine}.`);
    }
  }
}

function checkCompileErrors(expected: LoxExpectations, errorLines: string[], failures: string[]): void {
  const expectedErrors = new Set(expected.errors);
  const found = new Set<string>();
  let unexpectedCount = 0;
  for (const line of errorLines) {
    const match = SYNTAX_ERROR.exec(line);
    if (match) {
      const error = `[${match[1]}] ${match[2]}`;
      if (expectedErrors.has(error)) {
        found.add(error);
      } else {
        if (unexpectedCount < 10) failures.push("Unexpected error:", line);
        unexpectedCount++;
      }
    } else if (line !== "") {
      if (unexpectedCount < 10) failures.push("Unexpected output on stderr:", line);
      unexpectedCount++;
    }
  }
  if (unexpectedCount > 10) failures.push(`(truncated ${unexpectedCount - 10} more...)`);
  for (const error of expectedErrors) {
    if (!found.has(error)) failures.push(`Missing expected error: ${error}`);
  }
}

function checkExitCode(expected: LoxExpectations, status: number | null, errorLines: string[], failures: string[]): void {
  if (status === expected.exitCode) return;
  const shown = errorLines.length > 10 ? [...errorLines.slice(0, 10), "(truncated...)"] : errorLines;
  failures.push(`Expected return code ${expected.exitCode} and got ${status}. Stderr:`, ...shown);
}

function checkOutput(expected: LoxExpectations, outputLines: string[], failures: string[]): void {
  // Remove the trailing last empty line.
  if (outputLines.length > 0 && outputLines[outputLines.length - 1] === "") outputLines.pop();
  let index = 0;
  for (; index < outputLines.length; index++) {
    const line = outputLines[index]!;
    if (index >= expected.output.length) {
      failures.push(`Got output '${line}' when none was expected.`);
      continue;
    }
    const want = expected.output[index]!;
    if (want.text !== line) {
      failures.push(`Expected output '${want.text}' on line ${want.line} and got '${line}'.`);
    }
  }
  for (; index < expected.output.length; index++) {
    const want = expected.output[index]!;
    failures.push(`Missing expected output '${want.text}' on line ${want.line}.`);
  }
}

/**
 * Every .lox file under root (sorted, as paths relative to root with `/`), leaving out the
 * top-level folders in exclude (the C suite leaves out scanning, expressions and benchmark).
 */
export function findLoxTests(root: string, exclude: readonly string[]): string[] {
  const found: string[] = [];
  const walk = (dir: string, rel: string): void => {
    for (const name of readdirSync(dir).sort()) {
      const full = path.join(dir, name);
      const relName = rel === "" ? name : `${rel}/${name}`;
      if (statSync(full).isDirectory()) {
        if (rel === "" && exclude.includes(name)) continue;
        walk(full, relName);
      } else if (name.endsWith(".lox")) {
        found.push(relName);
      }
    }
  };
  walk(root, "");
  return found;
}

/** Reads and parses the expectations of a test file. */
export function readExpectations(file: string, language: "c" | "java" = "c"): LoxExpectations {
  return parseExpectations(file, readFileSync(file, "utf8"), language);
}

/** Runs `command... file` in cwd, collecting stdout, stderr and the exit status. */
export function runLox(command: readonly string[], file: string, cwd: string, timeoutMs: number, env?: NodeJS.ProcessEnv): Promise<RunResult> {
  return new Promise((resolve, reject) => {
    const start = performance.now();
    const child = spawn(command[0]!, [...command.slice(1), file], { cwd, env: env ?? process.env, stdio: ["ignore", "pipe", "pipe"] });
    const stdout: Buffer[] = [];
    const stderr: Buffer[] = [];
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      child.kill("SIGKILL");
    }, timeoutMs);
    child.stdout.on("data", (chunk: Buffer) => stdout.push(chunk));
    child.stderr.on("data", (chunk: Buffer) => stderr.push(chunk));
    child.on("error", (error) => {
      clearTimeout(timer);
      reject(error);
    });
    child.on("close", (status, signal) => {
      clearTimeout(timer);
      resolve({
        stdout: Buffer.concat(stdout).toString("utf8"),
        stderr: Buffer.concat(stderr).toString("utf8"),
        status,
        signal,
        timedOut,
        elapsed: performance.now() - start,
      });
    });
  });
}
