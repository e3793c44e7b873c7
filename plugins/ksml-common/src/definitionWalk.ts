import type { Path } from './definitionReferences';

/**
 * Visits every mapping of a definition's data (as the YAML parser gives it), depth first and in
 * document order, with its path. `visit` may return the keys whose values the walk should not
 * enter (a value it has already judged, or taken as a whole).
 */
export function walkMappings(
  root: unknown,
  visit: (
    mapping: Record<string, unknown>,
    path: Path,
  ) => ReadonlySet<string> | void,
): void {
  const walk = (node: unknown, path: Path) => {
    if (Array.isArray(node)) {
      node.forEach((item, index) => walk(item, [...path, index]));
      return;
    }
    if (node === null || typeof node !== 'object') return;
    const mapping = node as Record<string, unknown>;
    const skip = visit(mapping, path);
    for (const [key, value] of Object.entries(mapping)) {
      if (!skip?.has(key)) walk(value, [...path, key]);
    }
  };
  walk(root, []);
}
