/**
 * The KSML definitions a set of KSML chart values runs, by KSML namespace (the runner's
 * `ksmlRunnerConfig.definitions` names each file of `ksmlDefinitions`), and the app's
 * `application.id` when the values set one. The values may be an installed release's (Helm's
 * record) or a rendered `values.yaml` (GitOps): both have the chart's shape. Anything that is
 * not of that shape is left out, so values of another chart give no definitions.
 */
export function definitionsInValues(values: Record<string, unknown>): {
  applicationId?: string;
  definitions: Record<string, string>;
} {
  const runner = objectAt(values, 'ksmlRunnerConfig');
  const files = objectAt(runner, 'definitions');
  const texts = objectAt(values, 'ksmlDefinitions');
  const definitions = Object.fromEntries(
    Object.entries(files).flatMap(([namespace, file]) => {
      const text = texts[String(file)];
      return typeof text === 'string' ? [[namespace, text]] : [];
    }),
  );
  const id = objectAt(runner, 'kafka')['application.id'];
  return {
    ...(typeof id === 'string' ? { applicationId: id } : {}),
    definitions,
  };
}

function objectAt(
  node: Record<string, unknown>,
  key: string,
): Record<string, unknown> {
  const value = node[key];
  return value && typeof value === 'object' && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : {};
}
