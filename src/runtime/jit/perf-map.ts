/**
 * The perf map of a binary's JIT (RTS_PERF_MAP=1): Linux perf names the samples it takes in code
 * that no file maps from /tmp/perf-PID.map, one line per piece of code, `START SIZE name` (START
 * and SIZE in hexadecimal), the convention of V8's --perf-basic-prof and other JITs. The JIT adds
 * a line per loop and bridge in machine code, named as jit-backend names them (`Loop 3`, `bridge
 * out of Guard 0x2a`), so that `perf report` shows where the time of compiled code goes.
 *
 * The PID is read from /proc/self/stat (rts/system has no getpid); a map that cannot be created
 * is given up silently, as a log that cannot be written: the program must not stop for it.
 * RTS: the file is written through rts/system with byte arrays.
 */

import { osClose, osCreate, osMmap, osOpenRead, osRead, osWrite, storeByte } from "rts/system";
import { hex } from "./jitlog.js";

const CHAR_0 = 48;
const CHAR_9 = 57;

export class PerfMap {
  /** The map's file descriptor; 0 before the first line, -1 once given up. */
  private fd: number;

  constructor() {
    this.fd = 0;
  }

  /** Adds the line of a piece of code at address, size bytes long. */
  add(address: number, size: number, name: string): void {
    if (this.fd === 0) this.fd = openMap();
    if (this.fd < 0) return;
    const line = hex(address) + " " + hex(size) + " " + name + "\n";
    const bytes = new Uint8Array(line.length);
    for (let i = 0; i < line.length; i++) {
      const c = line.charCodeAt(i);
      // one line per piece of code: control characters show as spaces, anything not ASCII as ?
      bytes[i] = i === line.length - 1 ? c : c < 32 ? 32 : c < 128 ? c : 63;
    }
    if (osWrite(this.fd, bytes, 0, bytes.length) !== bytes.length) {
      osClose(this.fd);
      this.fd = -1;
    }
  }
}

/** Creates /tmp/perf-PID.map; its fd, or -1. */
function openMap(): number {
  const pid = ownPid();
  if (pid <= 0) return -1;
  const path = "/tmp/perf-" + String(pid) + ".map";
  const raw = osMmap(4096);
  if (raw < 0) return -1;
  for (let i = 0; i < path.length; i++) storeByte(raw, i, path.charCodeAt(i));
  storeByte(raw, path.length, 0);
  const fd = osCreate(raw);
  return fd < 0 ? -1 : fd;
}

/** The process's id: the first field of /proc/self/stat; 0 when it cannot be read. */
function ownPid(): number {
  const name = "/proc/self/stat";
  const path = new Uint8Array(name.length + 1);
  for (let i = 0; i < name.length; i++) path[i] = name.charCodeAt(i);
  const fd = osOpenRead(path);
  if (fd < 0) return 0;
  const text = new Uint8Array(32);
  const n = osRead(fd, text, 0, text.length);
  osClose(fd);
  let pid = 0;
  for (let i = 0; i < n; i++) {
    const c = text[i]!;
    if (c < CHAR_0 || c > CHAR_9) break;
    pid = pid * 10 + (c - CHAR_0);
  }
  return pid;
}
