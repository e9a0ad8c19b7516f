/**
 * How the CLI's messages look on standard error: a red bold "error:" in each diagnostic's head
 * line, and highlighted code in code frames, both only on a colour terminal (chalk's detection,
 * which FORCE_COLOR overrides, and standard error being a terminal for the frames, so that a
 * redirected log stays plain text).
 */

import chalk from "chalk";

/** Colours the "error:" of a diagnostic's head line (chalk leaves it plain without colour). */
export function colourError(message: string): string {
  return message.replace(": error: ", `: ${chalk.red.bold("error:")} `);
}

/** Whether code frames are highlighted. */
export function highlightFrames(): boolean {
  return Boolean(process.stderr.isTTY) && chalk.level > 0;
}
