import { ChildProcess, spawn } from 'node:child_process';

/**
 * The busy loop of one loaded core, as a child Node process: it spins, and every ~50 ms checks
 * whether it is past its deadline or its parent is gone (then it exits), so a load can never
 * outlive the stress run that started it, even if that run is killed.
 */
const BUSY_LOOP = `
const parent = process.ppid;
const until = Date.now() + Number(process.argv[1]);
for (;;) {
  let x = 0;
  for (let i = 0; i < 5e7; i++) x += i;
  if (process.ppid !== parent || Date.now() > until) process.exit(x < 0 ? 1 : 0);
}`;

/** A bounded CPU load: `cores` busy processes for at most `maxMs`; {@link CpuLoad.stop} ends it. */
export class CpuLoad {
  readonly #children: ChildProcess[];

  constructor(cores: number, maxMs: number) {
    this.#children = Array.from({ length: cores }, () =>
      spawn(process.execPath, ['-e', BUSY_LOOP, String(maxMs)], {
        stdio: 'ignore',
      }),
    );
  }

  get cores(): number {
    return this.#children.length;
  }

  stop(): void {
    for (const child of this.#children) child.kill('SIGKILL');
  }
}
