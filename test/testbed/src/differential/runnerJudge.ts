import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { stringify } from 'yaml';
import type { TestbedEnv } from '../env';

/**
 * The KSML runner as the judge of definitions: what the runner the test bed built from KSML's
 * source does with a definition at start-up. Two ways, the same verdicts:
 * - {@link judgeByStartup}: KSML's own start-up steps for many definitions in one JVM
 *   (test/testbed/ksml/DefinitionCheck.java), fast enough for a corpus of hundreds;
 * - {@link judgeByRunnerMain}: the runner's own `main`, unchanged, one JVM per definition, as the
 *   chart starts it (seconds each: GraalPy's first start).
 * Neither reaches a broker: the verdict is whether the runner gets to starting Kafka Streams or
 * its producers, which comes before any connection.
 */

/** A configuration to judge: one runner with these definitions. */
export interface RunnerCase {
  /** Names the case in verdicts and messages. */
  id: string;
  /** KSML namespace -> definition (YAML text), as the chart's `definitions` has them. */
  definitions: Record<string, string>;
  /** Schema files beside the definitions (file name -> text). */
  schemas?: Record<string, string>;
}

/** What the runner made of a case. */
export interface RunnerVerdict {
  /** `unjudged`: the runner neither started nor refused in time (a fault of the judge). */
  verdict: 'accepted' | 'refused' | 'unjudged';
  /** Why it refused (KSML's own words), or why it was not judged. */
  message?: string;
}

/** The runner the test bed built: its ksml.jar, libs/ and the JDK it was built with. */
export interface RunnerHome {
  dir: string;
  java: string;
}

/** The test bed's KSML runner; throws why there is none, so the test fails with the reason. */
export function runnerHome(env: TestbedEnv): RunnerHome {
  const dir = join(env.bin, 'ksml-runner');
  if (!existsSync(join(dir, 'ksml.jar'))) {
    const reason =
      'unavailable' in env.realNode
        ? env.realNode.unavailable
        : `no runner at ${dir}`;
    throw new Error(
      `This test needs the KSML runner the test bed builds: ${reason}`,
    );
  }
  return { dir, java: join(dir, 'java-home/bin/java') };
}

/** The JVM flags of upstream's entrypoint (JDK 24+), and GraalPy's warning off. */
const JVM_FLAGS = [
  '--enable-native-access=ALL-UNNAMED',
  '--sun-misc-unsafe-memory-access=allow',
  '-Dpolyglot.engine.WarnInterpreterOnly=false',
];
/** A port nothing listens on: the runner never gets as far as connecting. */
const NOWHERE = '127.0.0.1:9';

/**
 * Writes a case as the chart lays it out (definitions and schemas in the config directory) with
 * the runner configuration the chart renders, pointed at `dir`; returns the configuration's path.
 * The notations are Apicurio's: the runner built here has no Confluent serializers (ADR 17), and
 * upstream's image would register Confluent Avro for `avro` where ours has none.
 */
export function writeRunnerCase(dir: string, runnerCase: RunnerCase): string {
  mkdirSync(join(dir, 'store'), { recursive: true });
  const definitions: Record<string, string> = {};
  for (const [namespace, text] of Object.entries(runnerCase.definitions)) {
    writeFileSync(join(dir, `${namespace}.yaml`), text);
    definitions[namespace] = `${namespace}.yaml`;
  }
  for (const [name, text] of Object.entries(runnerCase.schemas ?? {})) {
    writeFileSync(join(dir, name), text);
  }
  const registry = `http://${NOWHERE}/apis/registry/v2`;
  const config = {
    ksml: {
      configDirectory: dir,
      schemaDirectory: dir,
      storageDirectory: join(dir, 'store'),
      createStorageDirectory: true,
      enableProducers: true,
      enablePipelines: true,
      applicationServer: { enabled: false },
      prometheus: { enabled: false },
      schemaRegistries: {
        apicurio: { config: { 'apicurio.registry.url': registry } },
      },
      notations: {
        avro: { type: 'apicurio_avro', schemaRegistry: 'apicurio' },
        jsonschema: { type: 'apicurio_jsonschema', schemaRegistry: 'apicurio' },
        protobuf: { type: 'apicurio_protobuf', schemaRegistry: 'apicurio' },
      },
      definitions,
    },
    kafka: {
      'bootstrap.servers': NOWHERE,
      'application.id': `differential-${runnerCase.id.replace(
        /[^\w.-]/g,
        '_',
      )}`.slice(0, 200),
    },
  };
  const path = join(dir, 'ksml-runner.yaml');
  writeFileSync(path, stringify(config));
  return path;
}

const CHECK_SOURCE = resolve(__dirname, '../../ksml/DefinitionCheck.java');
/** How long one case may take in the start-up judge before its JVM is given up. */
const CASE_TIMEOUT_MS = 60_000;

/**
 * Judges every case with KSML's start-up steps, `workers` JVMs side by side (cases dealt round
 * robin). A JVM that dies or hangs on a case leaves that case unjudged, and a new one goes on
 * from the next.
 */
export async function judgeByStartup(
  home: RunnerHome,
  cases: RunnerCase[],
  options: { workdir: string; workers?: number },
): Promise<Map<string, RunnerVerdict>> {
  const configs = cases.map((runnerCase, index) =>
    writeRunnerCase(join(options.workdir, `case-${index}`), runnerCase),
  );
  const workers = Math.max(1, options.workers ?? 2);
  const verdicts = new Map<string, RunnerVerdict>();
  await Promise.all(
    Array.from({ length: workers }, async (_, worker) => {
      const mine = configs.flatMap((config, index) =>
        index % workers === worker ? [{ config, id: cases[index].id }] : [],
      );
      const results = join(options.workdir, `results-${worker}.jsonl`);
      let next = 0;
      while (next < mine.length) {
        const done = await runCheck(home, mine.slice(next), results);
        for (const result of done.results) {
          verdicts.set(mine[next].id, result);
          next++;
        }
        if (next < mine.length && done.fault) {
          verdicts.set(mine[next].id, {
            verdict: 'unjudged',
            message: done.fault,
          });
          next++;
        }
      }
    }),
  );
  return verdicts;
}

/** One JVM of DefinitionCheck over `items`: the verdicts it wrote, and why it stopped early. */
function runCheck(
  home: RunnerHome,
  items: Array<{ config: string }>,
  results: string,
): Promise<{ results: RunnerVerdict[]; fault?: string }> {
  writeFileSync(results, '');
  const child = spawn(
    home.java,
    [
      ...JVM_FLAGS,
      '-cp',
      `${join(home.dir, 'ksml.jar')}:${join(home.dir, 'libs/*')}`,
      CHECK_SOURCE,
      results,
    ],
    { stdio: ['pipe', 'ignore', 'pipe'] },
  );
  let stderr = '';
  child.stderr.on('data', chunk => {
    stderr = (stderr + chunk).slice(-4000);
  });
  child.stdin.end(items.map(item => item.config).join('\n'));
  const read = (): RunnerVerdict[] =>
    readFileSync(results, 'utf8')
      .split('\n')
      .filter(Boolean)
      .map(line => {
        const { verdict, message } = JSON.parse(line);
        return { verdict, message };
      });
  return new Promise(resolvePromise => {
    let count = 0;
    let lastProgress = Date.now();
    let timedOut = false;
    const watch = setInterval(() => {
      const now = read().length;
      if (now !== count) {
        count = now;
        lastProgress = Date.now();
      } else if (Date.now() - lastProgress > CASE_TIMEOUT_MS) {
        timedOut = true;
        child.kill('SIGKILL');
      }
    }, 500);
    child.on('close', code => {
      clearInterval(watch);
      const written = read();
      let fault: string | undefined;
      if (written.length < items.length) {
        fault = timedOut
          ? `no verdict in ${CASE_TIMEOUT_MS / 1000} s`
          : `the check's JVM exited (${code}): ${stderr
              .trim()
              .split('\n')
              .slice(-3)
              .join(' ')}`;
      }
      resolvePromise({ results: written, fault });
    });
  });
}

/** What the runner logs once it has built everything and starts Kafka Streams or its producers. */
const STARTED = /Starting Kafka Streams backend|Starting Kafka producer\(s\)/;
/** What the runner logs when it gives up (it may not exit: see judgeByRunnerMain). */
const FATAL = /KSML Stopping because of unhandled exception/;
/** How long the runner's main may take to start or stop (GraalPy's first start is seconds). */
const MAIN_TIMEOUT_MS = 90_000;

/**
 * Judges a case with the runner's own `main` (`java -jar ksml.jar`, as upstream's image runs it,
 * in the configuration's directory): accepted when it starts Kafka Streams or its producers
 * (then it is stopped), refused when it exits or gives up first, with the cause its FatalError
 * describes.
 */
export function judgeByRunnerMain(
  home: RunnerHome,
  runnerCase: RunnerCase,
  options: { workdir: string },
): Promise<RunnerVerdict> {
  const config = writeRunnerCase(options.workdir, runnerCase);
  const child = spawn(
    home.java,
    [...JVM_FLAGS, '-jar', join(home.dir, 'ksml.jar'), config],
    { cwd: options.workdir, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let output = '';
  return new Promise(resolvePromise => {
    let settled = false;
    let fatalSeen = false;
    const deadline: { timer?: NodeJS.Timeout } = {};
    const settle = (verdict: RunnerVerdict) => {
      if (settled) return;
      settled = true;
      clearTimeout(deadline.timer);
      child.kill('SIGKILL');
      resolvePromise(verdict);
    };
    deadline.timer = setTimeout(
      () =>
        settle({
          verdict: 'unjudged',
          message: `the runner neither started nor exited in ${
            MAIN_TIMEOUT_MS / 1000
          } s`,
        }),
      MAIN_TIMEOUT_MS,
    );
    const onData = (chunk: Buffer) => {
      output += chunk;
      if (STARTED.test(output)) settle({ verdict: 'accepted' });
      // A failure in the producers' thread stops the main thread but not the JVM: the runner
      // logs its fatal error and hangs. Its description follows in the same burst of output.
      if (FATAL.test(output) && !fatalSeen) {
        fatalSeen = true;
        setTimeout(
          () =>
            settle({ verdict: 'refused', message: refusalOf(output, null) }),
          1000,
        );
      }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.on('close', code =>
      settle({ verdict: 'refused', message: refusalOf(output, code) }),
    );
  });
}

/** Why the runner's main stopped, from its log: FatalError's description, else its last error. */
export function refusalOf(log: string, code: number | null): string {
  const description = /Description: (.*)/.exec(log)?.[1]?.trim();
  if (description) return description;
  const error = log
    .split('\n')
    .filter(line => / (ERROR|WARN) /.test(line))
    .pop()
    ?.replace(/^\S+\s+\S+\s+\S+\s+/, '')
    .trim();
  return error ?? `the runner exited with code ${code} before starting`;
}
