/** Parses a Kubernetes CPU quantity ("250m", "0.5", "1", "250000000n") into millicores. */
export function cpuMillicores(quantity: string): number {
  const match = /^([0-9.]+)([numk]?)$/.exec(quantity);
  if (!match) throw new Error(`Not a CPU quantity: ${quantity}`);
  const value = Number(match[1]);
  const scale: Record<string, number> = {
    n: 1e-6,
    u: 1e-3,
    m: 1,
    '': 1000,
    k: 1e6,
  };
  return value * scale[match[2]];
}

/** Parses a Kubernetes memory quantity ("512Mi", "524288Ki", "1G", "1024") into bytes. */
export function memoryBytes(quantity: string): number {
  const match = /^([0-9.]+)(Ki|Mi|Gi|Ti|k|M|G|T)?$/.exec(quantity);
  if (!match) throw new Error(`Not a memory quantity: ${quantity}`);
  const scale: Record<string, number> = {
    Ki: 1024,
    Mi: 1024 ** 2,
    Gi: 1024 ** 3,
    Ti: 1024 ** 4,
    k: 1e3,
    M: 1e6,
    G: 1e9,
    T: 1e12,
  };
  return Number(match[1]) * (match[2] ? scale[match[2]] : 1);
}
