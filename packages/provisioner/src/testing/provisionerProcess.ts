import { spawn } from 'node:child_process';
import { dirname } from 'node:path';

/** A provisioner server running as its own process. */
export interface ProvisionerProcess {
  /** `http://127.0.0.1:PORT` or `https://…`. */
  url: string;
  /** Every line it printed (stdout and stderr). */
  output: string[];
  /** SIGTERM, then waits for the exit; resolves with the exit code. */
  stop(): Promise<number | null>;
  /** SIGKILL (a crash: nothing is handed over), then waits for the exit. */
  kill(): Promise<number | null>;
  /** Resolves with the exit code when the process ends by itself. */
  exited: Promise<number | null>;
}

const packageDir = dirname(
  require.resolve('@ksml-backstage/provisioner/package.json'),
);

/**
 * Starts `src/main.ts` as `npm run provisioner` does, with exactly the given environment (plus
 * PORT=0 unless given): resolves once it listens, rejects with its output if it exits first.
 */
export function startProvisionerProcess(
  env: Record<string, string>,
): Promise<ProvisionerProcess> {
  const child = spawn(
    process.execPath,
    ['--require', '@backstage/cli/config/nodeTransform.cjs', 'src/main.ts'],
    {
      cwd: packageDir,
      env: { PORT: '0', ...env },
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
            output,
            exited,
            stop: () => {
              child.kill('SIGTERM');
              return exited;
            },
            kill: () => {
              child.kill('SIGKILL');
              return exited;
            },
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
