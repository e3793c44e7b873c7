/**
 * The JVM options KSML's test runner starts with, beside the backend and in a Job: those of
 * upstream's entrypoint for a JDK 24
 * or newer (as the runner), GraalPy's interpreter-only warning off, and, on a JDK that is not
 * GraalVM, the GraalVM version the runner's jars carry. The test runner refuses to start unless
 * `org.graalvm.home.Version` names a release, which on a stock JDK it only does when told by
 * `-Dorg.graalvm.version`; its Python then runs on GraalPy's interpreter, as the runner's does
 * on such a JDK (ADR 26).
 */
export function testRunnerJvmOptions(graalVersion?: string): string[] {
  return [
    '--enable-native-access=ALL-UNNAMED',
    '--sun-misc-unsafe-memory-access=allow',
    '-Dpolyglot.engine.WarnInterpreterOnly=false',
    // The report's labels hold `›`: UTF-8 whatever locale the image has (a minimal image may
    // have none, and the JVM then writes ASCII).
    '-Dstdout.encoding=UTF-8',
    '-Dstderr.encoding=UTF-8',
    ...(graalVersion ? [`-Dorg.graalvm.version=${graalVersion}`] : []),
  ];
}

/** The version of GraalVM's polyglot API among jar file names (`polyglot-25.0.3.jar`). */
export function polyglotVersion(
  jarNames: readonly string[],
): string | undefined {
  for (const name of jarNames) {
    const match = /^polyglot-(\d+(?:\.\d+)*)\.jar$/.exec(name);
    if (match) return match[1];
  }
  return undefined;
}
