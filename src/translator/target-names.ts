/**
 * The machines `rts translate --target` names, and the host's (the default). Names only, so that
 * the CLI can list them without loading a code generator (src/translator/targets.ts makes them).
 */

export const TARGET_NAMES = ["x86-64", "aarch64"] as const;
export type TargetName = (typeof TARGET_NAMES)[number];

/** The machine this process runs on, when it is one of the targets; x86-64 otherwise. */
export function hostTargetName(arch: string = process.arch): TargetName {
  return arch === "arm64" ? "aarch64" : "x86-64";
}
