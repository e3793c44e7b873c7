import { readdirSync, readFileSync } from 'node:fs';

/** A process as Linux's /proc shows it. */
export interface ProcInfo {
  pid: number;
  /** Its process group (helm runs in a group of its own, with its post-renderer). */
  pgid: number;
  argv: string[];
}

/**
 * The direct children of process `parent`, read from /proc (Linux): how a test finds the helm
 * a provisioner process is running, to act while it runs.
 */
export function childProcesses(parent: number): ProcInfo[] {
  const children: ProcInfo[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      // "pid (comm) state ppid pgrp ...": comm may hold spaces and parentheses.
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const [, ppid, pgid] = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      if (Number(ppid) !== parent) continue;
      const argv = readFileSync(`/proc/${entry}/cmdline`, 'utf8')
        .split('\0')
        .filter(Boolean);
      children.push({ pid: Number(entry), pgid: Number(pgid), argv });
    } catch {
      // gone meanwhile
    }
  }
  return children;
}

/** The helm processes process `parent` is running now, with their arguments. */
export function helmChildren(parent: number): ProcInfo[] {
  return childProcesses(parent).filter(p =>
    /(^|\/)helm$/.test(p.argv[0] ?? ''),
  );
}
