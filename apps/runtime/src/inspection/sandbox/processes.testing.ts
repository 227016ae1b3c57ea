import { readdirSync, readFileSync } from 'node:fs';

/**
 * Live processes (zombies aside) whose command line contains `token`: tests give each sandboxed
 * run a unique token in its arguments and check that none is left after kill(), wherever in the
 * tree (or outside it, re-parented) a process ended up.
 */
export function processesMentioning(token: string): number[] {
  const found: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry) || Number(entry) === process.pid) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const state = stat[stat.lastIndexOf(')') + 2];
      if (state === 'Z' || state === 'X') continue;
      if (readFileSync(`/proc/${entry}/cmdline`, 'utf8').includes(token)) found.push(Number(entry));
    } catch {}
  }
  return found;
}
