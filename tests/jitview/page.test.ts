// rts jitview's page as text (src/jitview/page.ts): every link has its target, the log's text is
// escaped, guards link to their bridges, machine code is offered only when the log has it. The
// browser's view of the same pages is tests/jitview/browser.test.ts.

import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { readJitLog } from "../../src/jitview/jit-log.ts";
import { escapeHtml, labelId, renderPage } from "../../src/jitview/page.ts";
import { parsePypylog } from "../../src/jitview/pypylog.ts";

const FIXTURES = new URL("../fixtures/jitview/", import.meta.url);
const pageOf = (name: string): string => renderPage(readJitLog(parsePypylog(readFileSync(new URL(name, FIXTURES), "utf8"))), `logs/${name}`);

function ids(html: string): string[] {
  return [...html.matchAll(/ id="([^"]*)"/g)].map((m) => m[1]!);
}

function links(html: string): string[] {
  return [...html.matchAll(/ href="#([^"]*)"/g)].map((m) => m[1]!);
}

/** The page's markup without the spans around values (`<span class="v" data-v="i3">i3</span>`). */
function withoutValueSpans(html: string): string {
  return html.replace(/<span class="v" data-v="[^"]*">([^<]*)<\/span>/g, "$1");
}

/** The tag of the element whose id is id, with what follows it up to its end of line (value spans taken out). */
function elementWithId(html: string, id: string): string {
  const at = html.indexOf(` id="${id}"`);
  expect(at, `no element with id ${id}`).toBeGreaterThan(0);
  return withoutValueSpans(html.slice(html.lastIndexOf("<", at), html.indexOf("\n", at)));
}

describe("escapeHtml", () => {
  it("escapes the five characters HTML gives a meaning", () => {
    expect(escapeHtml(`<a href="x">'&'</a>`)).toBe("&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;");
    expect(escapeHtml("plain")).toBe("plain");
  });
});

describe.each(["bf-bridge.log", "bf-aborts.log", "counts-backend.log"])("the page of %s", (name) => {
  const html = pageOf(name);

  it("is one self-contained document: no external resource, balanced <details>", () => {
    expect(html.startsWith("<!DOCTYPE html>\n")).toBe(true);
    expect(html).not.toMatch(/ (src|href)="(?!#)/);
    expect(html.match(/<details/g)?.length ?? 0).toBe(html.match(/<\/details>/g)?.length ?? 0);
    expect(html).toContain(`<title>rts jitview: logs/${name}</title>`);
  });

  it("has unique ids, and every link of the page has its target", () => {
    const all = ids(html);
    expect(new Set(all).size).toBe(all.length);
    for (const target of links(html)) expect(all, `#${target}`).toContain(target);
  });
});

describe("the page of a real log of examples/bf", () => {
  const html = pageOf("bf-bridge.log");

  it("links the loop's guard to the bridge out of it, and the bridge back to the guard and its jump to the loop's label", () => {
    const guard = elementWithId(html, "guard-b");
    expect(guard).toContain("guard_true(i26, descr=&lt;Guard0xb&gt;) [i13, i25, p1]");
    expect(guard).toContain(`<a class="bridge" href="#bridge-b">bridge (92 ops)</a>`);
    // the peeled loop's copy of the guard links to the bridge too, without a second anchor
    expect(html.match(/href="#bridge-b"/g)).toHaveLength(3); // the list, and both guards
    expect(elementWithId(html, "bridge-b")).toContain("Bridge out of guard 0xb");
    expect(html).toContain(`<a class="parent" href="#guard-b">guard 0xb</a>`);
    expect(html).toContain(`<a class="jump" href="#${labelId("loop0")}">to Loop 0</a>`);
  });

  it("groups operations under the positions, closed, and offers no machine code (the log has none)", () => {
    expect(html).toMatch(/<details class="group"><summary>pc=20, program=\d+ <span class="count">\(6 ops\)<\/span><\/summary>/);
    expect(html).not.toMatch(/<details class="group" open/);
    expect(html).not.toContain('class="asm"');
    expect(html).not.toContain("Machine code");
    expect(html).toContain("No jit-backend-counts");
    expect(html).toContain(`<tr><th>trace</th><th>location</th><th class="number">ops</th></tr>`);
  });

  it("puts each value of a trace's text in a span the script highlights, but not a location's text", () => {
    expect(elementWithId(html, "guard-b")).toBeTruthy();
    const guard = html.slice(html.indexOf(' id="guard-b"'), html.indexOf("\n", html.indexOf(' id="guard-b"')));
    expect(guard).toContain(`guard_true(<span class="v" data-v="i26">i26</span>, descr=&lt;Guard0xb&gt;) [<span class="v" data-v="i13">i13</span>,`);
    expect(html).toContain(`<div class="inputs">[<span class="v" data-v="i0">i0</span>, <span class="v" data-v="p1">p1</span>]</div>`);
    expect(html).not.toMatch(/debug_merge_point\(.*<span/);
  });

  it("shows the summary", () => {
    expect(html).toContain(`<tr><td>Total # of bridges</td><td class="number">1</td></tr>`);
  });
});

describe("the page of a log with counts and machine code", () => {
  const html = pageOf("counts-backend.log");

  it("escapes the log's text everywhere: locations, trace lines, machine code", () => {
    expect(html).not.toContain(`<b>"tag"`);
    expect(html).toContain("&lt;b&gt;&quot;tag&quot; &amp; &#39;quote&#39;&lt;/b&gt;");
    expect(html).toContain("jge 0x7f0000002000 &lt;guard 0x1&gt;");
    expect(html).not.toContain("<guard");
  });

  it("lists the traces hottest first", () => {
    expect(html).toContain(`<tr><th>trace</th><th>location</th><th class="number">count</th><th class="number">ops</th><th>machine code</th></tr>`);
    expect([...html.matchAll(/<tr data-trace="([^"]*)"/g)].map((m) => m[1])).toEqual(["loop-1", "loop-0", "bridge-1", "bridge-20"]);
    expect([...html.matchAll(/<details class="trace" id="([^"]*)"/g)].map((m) => m[1])).toEqual(["loop-1", "loop-0", "bridge-1", "bridge-20"]);
    expect(html).toContain(`<summary>Loop 0 <span class="loc">while i &lt; 10</span> <span class="count">count 10</span></summary>`);
  });

  it("offers machine code, the recorded trace and offsets where the log has them", () => {
    expect(elementWithId(html, "asm-loop-0")).toContain("Machine code, 0x7f0000001000 to 0x7f0000001040");
    expect(elementWithId(html, "asm-bridge-1")).toContain("c3                    ret");
    expect(ids(html).filter((id) => id.startsWith("asm-"))).toEqual(["asm-loop-0", "asm-bridge-1"]);
    expect(html).toContain("As recorded, before the optimizer (5 ops)");
    expect(elementWithId(html, "guard-1")).toContain(`<span class="offset">+16: </span>guard_true(i2, descr=&lt;Guard0x1&gt;) [i1] <a class="bridge" href="#bridge-1">bridge (4 ops, count 7)</a>`);
  });

  it("lists counts that name no trace, and the aborts by reason", () => {
    expect(html).toContain(`<tr><td><code>TargetToken(99)</code></td><td class="number">4</td></tr>`);
    expect(html).toContain(`<tr><td>trace too long</td><td class="number">2</td><td><code>while i &lt; 10</code>, <code>&lt;b&gt;`);
    expect(html).toContain(`<tr><td>bad loop</td><td class="number">1</td><td></td></tr>`);
  });

  it("makes ids of any label's descriptor", () => {
    expect(labelId("loop0-peeled")).toBe("label-loop0-peeled");
    expect(labelId("TargetToken(9)")).toBe("label-TargetToken.289.29");
  });
});
