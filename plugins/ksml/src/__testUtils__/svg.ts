import { boxOf } from './layout';

/**
 * Gives SVG elements a box. jsdom lays nothing out and has no `getBBox`, which core-components'
 * DependencyGraph calls to size each node and edge label; call in beforeAll, undo with the
 * returned function.
 */
export function fakeSvgBBox(size = { width: 80, height: 20 }): () => void {
  const prototype = SVGElement.prototype as SVGElement & {
    getBBox?: () => DOMRect;
  };
  const original = prototype.getBBox;
  prototype.getBBox = () => boxOf(size);
  return () => {
    if (original) {
      prototype.getBBox = original;
    } else {
      delete prototype.getBBox;
    }
  };
}

/** Applies {@link fakeSvgBBox} for the tests of the calling describe block. */
export function withFakeSvgBBox(size?: {
  width: number;
  height: number;
}): void {
  let restore: () => void;
  beforeAll(() => {
    restore = fakeSvgBBox(size);
  });
  afterAll(() => restore());
}
