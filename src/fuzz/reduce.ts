/**
 * Delta debugging of a program that shows a difference, on the generator's model (model.ts):
 *
 *   1. statements: in every block, from the top level down, chunks of statements are removed
 *      (halves, then quarters, ... then single statements, as ddmin does), skipping a chunk
 *      that declares a name the rest of the program still mentions;
 *   2. expressions: every expression of a scalar type is replaced by a constant of its type,
 *      or else by one of its own subexpressions of the same type; top-down, so a big
 *      expression goes in one step;
 *   3. repeated until a round changes nothing, then
 *   4. lines: the printed program loses single lines, as a fallback for what the model cannot
 *      express (a fixed part of a template, a helper's body).
 *
 * A candidate is kept only when `interesting` says so; the caller's test checks that the
 * candidate still annotates and still shows the same kind of difference (modes.ts). Tries are
 * bounded: a reduction stops, with the smallest program so far, after maxTries candidates.
 */

import { constantOf, printProgram, type Block, type Expr, type Part, type Program, type Stmt } from "./model.js";

/** Whether a candidate (its source text) still shows the difference. */
export type Interesting = (source: string) => Promise<boolean>;

export interface ReduceResult {
  source: string;
  tries: number;
  accepted: number;
}

export async function reduceProgram(original: Program, interesting: Interesting, maxTries: number): Promise<ReduceResult> {
  const program = JSON.parse(JSON.stringify(original)) as Program;
  const state = { tries: 0, accepted: 0 };
  const test = async (): Promise<boolean> => {
    if (state.tries >= maxTries) return false;
    state.tries++;
    const ok = await interesting(printProgram(program));
    if (ok) state.accepted++;
    return ok;
  };
  for (let round = 0; round < 8 && state.tries < maxTries; round++) {
    const before = state.accepted;
    await removeStatements(program, test);
    await simplifyExpressions(program, test);
    if (state.accepted === before) break;
  }
  const source = await removeLines(printProgram(program), interesting, state, maxTries);
  return { source, tries: state.tries, accepted: state.accepted };
}

/** Every block of the program, outer blocks first. */
function blocks(program: Program): Block[] {
  const out: Block[] = [];
  const visit = (part: Part | Stmt) => {
    if (typeof part === "string") return;
    if (part.kind === "block") {
      out.push(part);
      part.stmts.forEach(visit);
      return;
    }
    part.parts.forEach(visit);
  };
  visit(program.top);
  return out;
}

/** The names declared by statements, nested ones included. */
function declaredNames(stmts: Stmt[]): string[] {
  const names: string[] = [];
  const visit = (part: Part | Stmt) => {
    if (typeof part === "string") return;
    if (part.kind === "block") return part.stmts.forEach(visit);
    if (part.kind === "stmt" && part.decl) names.push(part.decl);
    part.parts.forEach(visit);
  };
  stmts.forEach(visit);
  return names;
}

/** Statements that stay: main, and returns (a body without its return is seldom still RTS). */
function removable(s: Stmt): boolean {
  const first = s.parts[0];
  return s.decl !== "main" && !(typeof first === "string" && first.startsWith("return "));
}

async function removeStatements(program: Program, test: () => Promise<boolean>): Promise<void> {
  for (const b of blocks(program)) {
    let chunk = Math.max(1, Math.floor(b.stmts.length / 2));
    for (;;) {
      for (let start = 0; start < b.stmts.length; ) {
        const removed = b.stmts.slice(start, start + chunk);
        if (removed.length === 0 || !removed.every(removable)) {
          start += chunk;
          continue;
        }
        b.stmts.splice(start, removed.length);
        const text = printProgram(program);
        const stillUsed = declaredNames(removed).some((name) => new RegExp(`\\b${name}\\b`).test(text));
        if (!stillUsed && (await test())) continue; // the same start now holds the next chunk
        b.stmts.splice(start, 0, ...removed);
        start += chunk;
      }
      if (chunk === 1) break;
      chunk = Math.max(1, Math.floor(chunk / 2));
    }
  }
}

/** Every expression slot: the list holding it and its index, outer expressions first. */
function expressionSlots(program: Program): { parts: Part[]; index: number }[] {
  const out: { parts: Part[]; index: number }[] = [];
  const visit = (part: Part | Stmt) => {
    if (typeof part === "string") return;
    if (part.kind === "block") return part.stmts.forEach(visit);
    part.parts.forEach((child, index) => {
      if (typeof child !== "string" && child.kind === "expr") out.push({ parts: part.parts, index });
      visit(child);
    });
  };
  visit(program.top);
  return out;
}

function isConstant(e: Expr): boolean {
  return e.parts.length === 1 && typeof e.parts[0] === "string" && /^(-?[\d.]+|true|false|"[^"]*")$/.test(e.parts[0]);
}

async function simplifyExpressions(program: Program, test: () => Promise<boolean>): Promise<void> {
  // Slots are recomputed after each success, since a replaced expression takes its slots along.
  let progress = true;
  const tried = new Set<Expr>();
  while (progress) {
    progress = false;
    for (const { parts, index } of expressionSlots(program)) {
      const e = parts[index] as Expr;
      if (tried.has(e) || isConstant(e)) continue;
      tried.add(e);
      const candidates: Expr[] = [];
      const constant = constantOf(e.t);
      if (constant) candidates.push(constant);
      for (const child of e.parts) if (typeof child !== "string" && child.kind === "expr" && child.t === e.t) candidates.push(child);
      for (const candidate of candidates) {
        parts[index] = candidate;
        if (await test()) {
          progress = true;
          break;
        }
        parts[index] = e;
      }
      if (progress) break;
    }
  }
}

async function removeLines(source: string, interesting: Interesting, state: { tries: number; accepted: number }, maxTries: number): Promise<string> {
  let lines = source.split("\n");
  for (let i = lines.length - 1; i >= 0 && state.tries < maxTries; i--) {
    const line = lines[i]!.trim();
    // Only whole statements: a line that opens or closes a block is left to the model passes.
    if (line === "" || line.startsWith("//") || /[{}]/.test(line) || line.startsWith("return ") || line.startsWith("export ")) continue;
    const candidate = [...lines.slice(0, i), ...lines.slice(i + 1)];
    state.tries++;
    if (await interesting(candidate.join("\n"))) {
      state.accepted++;
      lines = candidate;
    }
  }
  return lines.join("\n");
}
