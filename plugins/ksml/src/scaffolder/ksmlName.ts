/** How long a KSML name may be: a Kubernetes DNS label. */
export const KSML_NAME_MAX = 63;

/**
 * What is wrong with a tenant, instance or application name, in words (a form shows it under
 * the field), or undefined when it is a valid name: a DNS label, as the release and Kubernetes
 * object names are built from it.
 */
export function ksmlNameProblem(value: unknown): string | undefined {
  if (typeof value !== 'string' || value === '') return 'Enter a name';
  if (value.length > KSML_NAME_MAX) {
    return `Use at most ${KSML_NAME_MAX} characters (this has ${value.length})`;
  }
  if (/[A-Z]/.test(value)) return 'Use lowercase letters only';
  const other = value.match(/[^a-z0-9-]/);
  if (other) {
    return `Use only lowercase letters, digits and '-' ('${other[0]}' is not allowed)`;
  }
  if (!/^[a-z0-9]/.test(value) || !/[a-z0-9]$/.test(value)) {
    return "Start and end with a letter or a digit (not '-')";
  }
  return undefined;
}
