import { downloadText, safeFileNamePart } from './download';

describe('safeFileNamePart', () => {
  it('keeps letters, digits, dots, dashes and underscores, and replaces the rest', () => {
    expect(safeFileNamePart('sensor-inspector_1.yaml')).toBe(
      'sensor-inspector_1.yaml',
    );
    expect(safeFileNamePart('a/b: c')).toBe('a_b_c');
  });
});

describe('downloadText', () => {
  const createObjectURL = jest.fn(() => 'blob:log');
  const revokeObjectURL = jest.fn();

  beforeEach(() => {
    jest.useFakeTimers();
    Object.assign(URL, { createObjectURL, revokeObjectURL });
  });

  afterEach(() => {
    jest.useRealTimers();
  });

  it('clicks a link to a Blob of the text, then releases it', async () => {
    const click = jest
      .spyOn(HTMLAnchorElement.prototype, 'click')
      .mockImplementation(() => {});
    downloadText({ fileName: 'x-0.log', text: 'line 1\nline 2\n' });
    expect(click).toHaveBeenCalledTimes(1);
    const link = click.mock.contexts[0] as HTMLAnchorElement;
    expect(link.download).toBe('x-0.log');
    expect(link.href).toBe('blob:log');
    const blob = (createObjectURL.mock.calls[0] as unknown[])[0] as Blob;
    expect(await blob.text()).toBe('line 1\nline 2\n');
    expect(document.querySelector('a')).toBeNull();
    expect(revokeObjectURL).not.toHaveBeenCalled();
    jest.runAllTimers();
    expect(revokeObjectURL).toHaveBeenCalledWith('blob:log');
    click.mockRestore();
  });
});
