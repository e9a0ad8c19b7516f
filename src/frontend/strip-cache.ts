/**
 * A disk cache of stripped modules, keyed by a hash of the stripper's own code and that of
 * ts-blank-space, which does the blanking (an upgrade changes the hash), the module's path as
 * shown in messages, and its text: a change to any of them is a miss. Only successful
 * results are cached (errors are rare and cheap to recompute). The cache lives in
 * $RTS_CACHE_DIR, or rts-cache in the system's temporary directory; RTS_CACHE_DIR=off disables
 * it. A cache that cannot be read or written is ignored.
 */

import { createHash } from "node:crypto";
import { mkdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import os from "node:os";
import { createRequire } from "node:module";
import path from "node:path";
import { pathToFileURL } from "node:url";
import type { StripResult } from "./strip.js";

type Stripped = Extract<StripResult, { ok: true }>;

export class StripCache {
  private readonly dir: string;
  private readonly stripperHash: string;

  private constructor(dir: string, stripperHash: string) {
    this.dir = dir;
    this.stripperHash = stripperHash;
  }

  /** Opens the cache for the stripper whose compiled module is at stripperUrl (and the modules it strips with, by URL). */
  static open(stripperUrl: URL, libraryUrls: URL[] = [pathToFileURL(createRequire(import.meta.url).resolve("ts-blank-space"))]): StripCache | undefined {
    const setting = process.env.RTS_CACHE_DIR;
    if (setting === "off") return undefined;
    try {
      const dir = setting || path.join(os.tmpdir(), "rts-cache", "strip");
      mkdirSync(dir, { recursive: true });
      const hash = createHash("sha256").update(readFileSync(stripperUrl));
      for (const url of libraryUrls) hash.update("\0").update(readFileSync(url));
      return new StripCache(dir, hash.digest("hex"));
    } catch {
      return undefined;
    }
  }

  get(file: string, text: string): Stripped | undefined {
    try {
      const entry = JSON.parse(readFileSync(this.entryPath(file, text), "utf8")) as Stripped;
      return entry.ok === true && entry.code.length === text.length ? entry : undefined;
    } catch {
      return undefined;
    }
  }

  put(file: string, text: string, result: Stripped): void {
    const target = this.entryPath(file, text);
    const temporary = `${target}.${process.pid}.tmp`;
    try {
      writeFileSync(temporary, JSON.stringify(result));
      renameSync(temporary, target);
    } catch {
      // a read-only or full disk only costs speed
    }
  }

  private entryPath(file: string, text: string): string {
    const key = createHash("sha256").update(this.stripperHash).update("\0").update(file).update("\0").update(text).digest("hex");
    return path.join(this.dir, `${key}.json`);
  }
}
