import { isNoPreviousRun } from './previousRun';

describe('isNoPreviousRun', () => {
  it("recognises Kubernetes' answer for a container that never terminated", () => {
    expect(
      isNoPreviousRun(
        'reading the log of app-ksml-0: previous terminated container "ksml" in pod "app-ksml-0" not found',
      ),
    ).toBe(true);
  });

  it('leaves other errors, and none, alone', () => {
    expect(
      isNoPreviousRun('container "ksml" in pod "x" is waiting to start'),
    ).toBe(false);
    expect(isNoPreviousRun(undefined)).toBe(false);
  });
});
