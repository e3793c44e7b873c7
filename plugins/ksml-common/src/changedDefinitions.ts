/**
 * The KSML namespaces whose definition a promotion changes in the target: those added, changed
 * or removed against what the target has, sorted; all of the source's when the target has none
 * (`undefined`). One comparison for both promotions: the backend's (against what runs in the
 * target) and the GitOps one (against the target's rendered values).
 */
export function changedDefinitions(
  source: Record<string, string>,
  target: Record<string, string> | undefined,
): string[] {
  if (!target) return Object.keys(source).sort();
  const names = new Set([...Object.keys(source), ...Object.keys(target)]);
  return [...names].filter(name => source[name] !== target[name]).sort();
}
