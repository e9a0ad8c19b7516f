/**
 * Stack traces of an instrumented program name the original positions: the checks move columns
 * on the lines that have them (instrument.ts), and the modules are loaded under a URL with
 * CHECKED_QUERY. Error.prepareStackTrace is wrapped so that each frame in an instrumented module
 * shows the .ts file's URL, line and column, in V8's usual frame format (which
 * src/frontend/uncaught.ts reads); a prepareStackTrace installed before keeps working, with the
 * frames' text mapped.
 */

import type { PositionMap } from "./source-builder.js";

/** The query that marks an instrumented module's URL (its modules are a second, checked copy). */
export const CHECKED_QUERY = "?rts-checked";

type Prepare = (error: Error, sites: NodeJS.CallSite[]) => unknown;

/** Installs the mapping for the instrumented modules, by their URL without the query. */
export function mapStackPositions(maps: ReadonlyMap<string, PositionMap>): void {
  // Node's own default (ErrorPrepareStackTrace) formats as V8 does, which is done here.
  const installed = Error.prepareStackTrace as Prepare | undefined;
  const previous = installed?.name === "ErrorPrepareStackTrace" ? undefined : installed;
  const frameLocation = /(file:\/\/[^()\s]+?)\?rts-checked:(\d+):(\d+)/;
  const mapFrame = (text: string): string =>
    text.replace(frameLocation, (whole, url: string, line: string, column: string) => {
      const map = maps.get(url);
      if (!map) return whole;
      const original = map.original(Number(line), Number(column));
      return `${url}:${original.line}:${original.column}`;
    });
  Error.prepareStackTrace = (error: Error, sites: NodeJS.CallSite[]) => {
    const frames = sites.map((site) => mapFrame(String(site)));
    if (previous) {
      const mapped = sites.map((site, i) => Object.defineProperty(Object.create(site) as NodeJS.CallSite, "toString", { value: () => frames[i]! }));
      return previous(error, mapped);
    }
    return [headerOf(error), ...frames.map((frame) => `    at ${frame}`)].join("\n");
  };
}

/** V8's first line of a stack: `Name: message`. */
function headerOf(error: Error): string {
  try {
    return Error.prototype.toString.call(error);
  } catch {
    return "Error";
  }
}
