import { spawn } from 'node:child_process';

/** What a finished process left behind. */
export interface ProcessResult {
  /** The exit code; -1 when the process was killed by a signal. */
  code: number;
  stdout: string;
  stderr: string;
}

/**
 * Runs a binary with an argument array (never a shell) and only the environment given,
 * writing `input` to its stdin. Resolves with the exit code and output; it does not throw on
 * a non-zero exit, only when the binary cannot be started.
 */
export function runProcess(
  binary: string,
  args: string[],
  options: { env: NodeJS.ProcessEnv; input?: string },
): Promise<ProcessResult> {
  return new Promise((resolvePromise, reject) => {
    const child = spawn(binary, args, {
      env: options.env,
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', chunk => (stdout += chunk));
    child.stderr.on('data', chunk => (stderr += chunk));
    child.on('error', reject);
    child.on('close', code =>
      resolvePromise({ code: code ?? -1, stdout, stderr }),
    );
    child.stdin.end(options.input ?? '');
  });
}
