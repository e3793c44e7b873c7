/**
 * Gives every element a size. jsdom lays nothing out, and LogViewer's AutoSizer renders no
 * lines inside a box of height 0; call in beforeAll, undo with the returned function.
 */
export function fakeLayout(size = { width: 1000, height: 800 }): () => void {
  const original = Element.prototype.getBoundingClientRect;
  Element.prototype.getBoundingClientRect = () => boxOf(size);
  return () => {
    Element.prototype.getBoundingClientRect = original;
  };
}

/** A box of `size` at the origin, as layout calls answer it. */
export function boxOf(size: { width: number; height: number }): DOMRect {
  return {
    x: 0,
    y: 0,
    top: 0,
    left: 0,
    right: size.width,
    bottom: size.height,
    width: size.width,
    height: size.height,
    toJSON: () => ({}),
  };
}

/** Applies {@link fakeLayout} for the tests of the calling describe block. */
export function withFakeLayout(size?: { width: number; height: number }): void {
  let restore: () => void;
  beforeAll(() => {
    restore = fakeLayout(size);
  });
  afterAll(() => restore());
}
