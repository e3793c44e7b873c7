import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import {
  mkdir,
  mkdtemp,
  readdir,
  readFile,
  rm,
  writeFile,
} from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { polyglotVersion, testRunnerJvmOptions } from './jvmOptions';

/** Where KSML's test runner is on this machine: laid out as the runner image has it. */
export interface LocalTestRunnerOptions {
  /** A folder with `ksml-test.jar` and its `libs/` (the image's `/opt/ksml`). */
  home: string;
  /** The JDK (23 or newer) to run it on; default `JAVA_HOME`, else `java` on the PATH. */
  javaHome?: string;
}

/** What a run of KSML's test runner printed, and how it ended. */
export interface TestRunnerOutput {
  /** stdout and stderr, interleaved as written. */
  output: string;
  exitCode: number | null;
  timedOut: boolean;
}

/** Most output kept from one run: the report comes last, so the head is what is dropped. */
const OUTPUT_LIMIT = 2_000_000;

/**
 * Runs KSML's test runner on these files (see `testRunFiles`) in a JVM of its own beside the
 * backend, in a temporary folder removed afterwards; killed at `timeoutMs`.
 */
export async function runTestsLocally(
  files: Record<string, string>,
  options: LocalTestRunnerOptions & { timeoutMs: number },
): Promise<TestRunnerOutput> {
  const jar = join(options.home, 'ksml-test.jar');
  if (!existsSync(jar)) {
    throw new Error(
      `KSML's test runner is not at ${jar} (ksml.tests.local.home names a folder laid out as the runner image's /opt/ksml)`,
    );
  }
  const javaHome = options.javaHome ?? process.env.JAVA_HOME;
  const java = javaHome ? join(javaHome, 'bin', 'java') : 'java';
  const graalVersion = (await isGraalVm(javaHome))
    ? undefined
    : polyglotVersion(await readdir(join(options.home, 'libs')));
  const dir = await mkdtemp(join(tmpdir(), 'ksml-tests-'));
  try {
    for (const [path, text] of Object.entries(files)) {
      await mkdir(dirname(join(dir, path)), { recursive: true });
      await writeFile(join(dir, path), text);
    }
    await mkdir(join(dir, 'tests'), { recursive: true });
    return await runJava(
      java,
      [...testRunnerJvmOptions(graalVersion), '-jar', jar, join(dir, 'tests')],
      { cwd: dir, timeoutMs: options.timeoutMs },
    );
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

async function isGraalVm(javaHome: string | undefined): Promise<boolean> {
  if (!javaHome) return false;
  const release = await readFile(join(javaHome, 'release'), 'utf8').catch(
    () => '',
  );
  return /^GRAALVM_VERSION=/m.test(release);
}

function runJava(
  java: string,
  args: string[],
  options: { cwd: string; timeoutMs: number },
): Promise<TestRunnerOutput> {
  return new Promise((resolve, reject) => {
    const child = spawn(java, args, {
      cwd: options.cwd,
      // The JVM needs nothing of the backend's environment but where to find things.
      env: { PATH: process.env.PATH ?? '', HOME: options.cwd, LANG: 'C.UTF-8' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    let timedOut = false;
    const keep = (chunk: Buffer) => {
      output += chunk.toString('utf8');
      if (output.length > OUTPUT_LIMIT) output = output.slice(-OUTPUT_LIMIT);
    };
    child.stdout.on('data', keep);
    child.stderr.on('data', keep);
    const timer = setTimeout(() => {
      timedOut = true;
      child.kill('SIGKILL');
    }, options.timeoutMs);
    child.on('error', error => {
      clearTimeout(timer);
      reject(new Error(`Could not run ${java}: ${error.message}`));
    });
    child.on('close', exitCode => {
      clearTimeout(timer);
      resolve({ output, exitCode, timedOut });
    });
  });
}
