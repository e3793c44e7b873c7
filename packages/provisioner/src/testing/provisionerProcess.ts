import { spawn } from 'node:child_process';
import { dirname } from 'node:path';

/** A provisioner server running as its own process. */
export interface ProvisionerProcess {
  /** `http://127.0.0.1:PORT` or `https://…`. */
  url: string;
  /** Its process id (its helm processes are its children). */
  pid: number;
  /** Every line it printed (stdout and stderr). */
  output: string[];
  /** SIGTERM, then waits for the exit; resolves with the exit code. */
  stop(): Promise<number | null>;
  /** SIGKILL (a crash: nothing is handed over), then waits for the exit. */
  kill(): Promise<number | null>;
  /**
   * SIGSTOP: frozen, not killed (a stalled VM or a long GC pause); its sockets stay open and
   * its timers fall due meanwhile. Only this process: a helm it started runs on.
   */
  pause(): void;
  /** SIGCONT after {@link ProvisionerProcess.pause}. */
  resume(): void;
  /** Resolves with the exit code when the process ends by itself. */
  exited: Promise<number | null>;
}

const packageDir = dirname(
  require.resolve('@ksml-backstage/provisioner/package.json'),
);

/**
 * Starts `src/main.ts` as `npm run provisioner` does, with exactly the given environment (plus
 * PORT=0 unless given, and the tests' KSML_CHECK_RESPONSES): resolves once it listens, rejects
 * with its output if it exits first.
 */
export function startProvisionerProcess(
  env: Record<string, string>,
): Promise<ProvisionerProcess> {
  const child = spawn(
    process.execPath,
    ['--require', '@backstage/cli/config/nodeTransform.cjs', 'src/main.ts'],
    {
      cwd: packageDir,
      env: {
        PORT: '0',
        ...(process.env.KSML_CHECK_RESPONSES
          ? { KSML_CHECK_RESPONSES: process.env.KSML_CHECK_RESPONSES }
          : {}),
        ...env,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  const output: string[] = [];
  const exited = new Promise<number | null>(r =>
    child.on('exit', code => r(code)),
  );
  return new Promise((resolvePromise, reject) => {
    let buffer = '';
    const onData = (chunk: Buffer) => {
      buffer += chunk.toString('utf8');
      const lines = buffer.split('\n');
      buffer = lines.pop() ?? '';
      for (const line of lines) {
        output.push(line);
        const listening =
          /"message":"KSML provisioner listening".*"port":(\d+).*"protocol":"(https?)"/.exec(
            line,
          );
        if (listening) {
          resolvePromise({
            url: `${listening[2]}://127.0.0.1:${listening[1]}`,
            pid: child.pid!,
            output,
            exited,
            stop: () => {
              // A paused process would hold SIGTERM until it runs again.
              child.kill('SIGCONT');
              child.kill('SIGTERM');
              return exited;
            },
            kill: () => {
              child.kill('SIGKILL');
              return exited;
            },
            pause: () => void child.kill('SIGSTOP'),
            resume: () => void child.kill('SIGCONT'),
          });
        }
      }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    void exited.then(code =>
      reject(
        new Error(
          `provisioner exited (${code}) before listening:\n${output.join(
            '\n',
          )}${buffer}`,
        ),
      ),
    );
  });
}
