/**
 * `npm run test:stress -- [--runs N] [--load C] [--unit] [-- JEST ARGS]`: runs the suites N
 * times in a row (`npm test`, or `npm run test:unit` with --unit) while C busy processes take C
 * cores, then prints each run's figures and every test that failed, with how many runs it
 * failed in. Exits non-zero when any run failed. Each run's log and jest results are kept under
 * .stress/ (named in the output). See docs/reliability.md.
 */
import { spawn } from 'node:child_process';
import { createWriteStream, mkdirSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { CpuLoad } from './cpuLoad';
import { failuresOf, JestResults, report, RunOutcome } from './tally';

interface Options {
  runs: number;
  load: number;
  unit: boolean;
  jestArgs: string[];
}

const USAGE =
  'usage: npm run test:stress -- [--runs N] [--load CORES] [--unit] [-- JEST ARGS]';

function parseArgs(argv: string[]): Options {
  const options: Options = { runs: 3, load: 1, unit: false, jestArgs: [] };
  const count = (flag: string, value: string | undefined, min: number) => {
    const n = Number(value);
    if (!Number.isInteger(n) || n < min) {
      throw new Error(
        `${flag} takes a whole number of ${min} or more (got ${value})\n${USAGE}`,
      );
    }
    return n;
  };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--runs') options.runs = count(arg, argv[++i], 1);
    else if (arg === '--load') options.load = count(arg, argv[++i], 0);
    else if (arg === '--unit') options.unit = true;
    else if (arg === '--') {
      options.jestArgs = argv.slice(i + 1);
      break;
    } else throw new Error(`unknown argument ${arg}\n${USAGE}`);
  }
  return options;
}

/** Runs one pass of the suites; its output goes to `log`, its jest results to `results`. */
function runSuites(
  root: string,
  options: Options,
  log: string,
  results: string,
): Promise<number> {
  const script = options.unit ? 'scripts/test-unit.sh' : 'scripts/test.sh';
  return new Promise(done => {
    const out = createWriteStream(log);
    const child = spawn('bash', [script, ...options.jestArgs], {
      cwd: root,
      env: { ...process.env, CI: 'true', KSML_TEST_RESULTS: results },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child.stdout.pipe(out, { end: false });
    child.stderr.pipe(out, { end: false });
    child.on('close', code => out.end(() => done(code ?? 1)));
  });
}

function readResults(file: string): JestResults | null {
  try {
    return JSON.parse(readFileSync(file, 'utf8'));
  } catch {
    return null;
  }
}

async function main(): Promise<number> {
  const options = parseArgs(process.argv.slice(2));
  const root = resolve(__dirname, '../../../..');
  const dir = resolve(
    root,
    '.stress',
    new Date().toISOString().replace(/[:.]/g, '-'),
  );
  mkdirSync(dir, { recursive: true });
  const what = options.unit ? 'npm run test:unit' : 'npm test';
  process.stderr.write(
    `[stress] ${options.runs} × ${what}${
      options.jestArgs.length ? ` ${options.jestArgs.join(' ')}` : ''
    }, ${options.load} busy core(s); logs in ${dir}\n`,
  );
  // At most 3 h per run: the load ends by itself even if this process is killed.
  const load = new CpuLoad(options.load, options.runs * 3 * 3600_000);
  const stop = () => {
    load.stop();
    process.exit(130);
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
  const runs: RunOutcome[] = [];
  try {
    for (let run = 1; run <= options.runs; run++) {
      const log = resolve(dir, `run-${run}.log`);
      const results = resolve(dir, `run-${run}.json`);
      const started = Date.now();
      const exitCode = await runSuites(root, options, log, results);
      const outcome: RunOutcome = {
        run,
        seconds: (Date.now() - started) / 1000,
        exitCode,
        ...failuresOf(readResults(results), root),
      };
      runs.push(outcome);
      process.stderr.write(
        `[stress] run ${run}/${options.runs}: ${outcome.passed} passed, ${
          outcome.failed
        } failed, exit ${exitCode} (${Math.round(outcome.seconds)} s)${
          outcome.failures.length ? `\n  ${outcome.failures.join('\n  ')}` : ''
        }\n`,
      );
    }
  } finally {
    load.stop();
  }
  process.stdout.write(`${report(runs, options.load)}\n`);
  return runs.every(r => r.exitCode === 0) ? 0 : 1;
}

main().then(
  code => process.exit(code),
  error => {
    process.stderr.write(`${error instanceof Error ? error.message : error}\n`);
    process.exit(2);
  },
);
