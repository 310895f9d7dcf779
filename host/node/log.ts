// log.ts — redis-server style log lines: "pid:M 23 Nov 2026 16:04:20.123 * message".
//
// Levels and their marks as Redis's: debug ".", verbose "-", notice "*", warning "#".

import { appendFileSync } from "node:fs";

const LEVELS = ["debug", "verbose", "notice", "warning"] as const;
export type LogLevel = (typeof LEVELS)[number];
const MARKS = [".", "-", "*", "#"];
const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

export class Logger {
  /** Redis's role letter: "C" while starting up (before the server exists), then "M". */
  role = "M";
  constructor(public level: LogLevel = "notice", public file = "") {}

  static isLevel(s: string): s is LogLevel {
    return (LEVELS as readonly string[]).includes(s);
  }

  log(level: LogLevel, msg: string): void {
    const li = LEVELS.indexOf(level);
    if (li < LEVELS.indexOf(this.level)) return;
    const d = new Date();
    const p2 = (n: number) => String(n).padStart(2, "0");
    const ts = `${p2(d.getDate())} ${MONTHS[d.getMonth()]} ${d.getFullYear()} ${p2(d.getHours())}:${p2(d.getMinutes())}:${p2(d.getSeconds())}.${String(d.getMilliseconds()).padStart(3, "0")}`;
    const line = `${process.pid}:${this.role} ${ts} ${MARKS[li]} ${msg}\n`;
    if (this.file) appendFileSync(this.file, line);
    else process.stdout.write(line);
  }

  debug(m: string): void { this.log("debug", m); }
  verbose(m: string): void { this.log("verbose", m); }
  notice(m: string): void { this.log("notice", m); }
  warning(m: string): void { this.log("warning", m); }
}
