// CPU time spent by processes, from /proc (Linux): what a route costs the machine per response,
// which moves less than its throughput when other work on the machine slows everything down.
import { execFileSync } from "node:child_process";
import fs from "node:fs";

let ticksPerSecond: number | undefined;
function clockTicks(): number {
  if (ticksPerSecond === undefined) {
    try {
      ticksPerSecond = Number(execFileSync("getconf", ["CLK_TCK"], { encoding: "utf8" }).trim()) || 100;
    } catch {
      ticksPerSecond = 100;
    }
  }
  return ticksPerSecond;
}

/**
 * User plus system time, in clock ticks, from the text of /proc/<pid>/stat. The command name (in
 * parentheses) may hold spaces and parentheses itself, so the fields are counted from the last ")".
 */
export function statCpuTicks(stat: string): number {
  const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  // after the name: state, ppid, pgrp, session, tty_nr, tpgid, flags, minflt, cminflt, majflt, cmajflt, utime, stime
  const utime = Number(fields[11]);
  const stime = Number(fields[12]);
  if (!Number.isFinite(utime) || !Number.isFinite(stime)) throw new Error(`not a /proc/<pid>/stat line: ${stat.slice(0, 80)}`);
  return utime + stime;
}

/** The CPU time (ms) the processes have used so far; a process that is gone counts nothing. */
export function processCpuMs(pids: number[]): number {
  let ticks = 0;
  for (const pid of pids) {
    try {
      ticks += statCpuTicks(fs.readFileSync(`/proc/${pid}/stat`, "utf8"));
    } catch {
      // gone
    }
  }
  return (ticks * 1000) / clockTicks();
}

/** The CPU time (ms) used so far by the machine's PostgreSQL processes (its server and backends). */
export function postgresCpuMs(): number {
  const pids: number[] = [];
  for (const entry of fs.readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      if (fs.readFileSync(`/proc/${entry}/comm`, "utf8").trim() === "postgres") pids.push(Number(entry));
    } catch {
      // gone
    }
  }
  return processCpuMs(pids);
}

/** CPU time per response (ms) between two readings, or undefined when nothing was answered. */
export function perResponse(before: number, after: number, responses: number): number | undefined {
  return responses > 0 ? Math.max(0, after - before) / responses : undefined;
}
