const CPU_SCALE: Record<string, number> = {
  n: 1e-6,
  u: 1e-3,
  m: 1,
  '': 1000,
  k: 1e6,
};
const MEMORY_SCALE: Record<string, number> = {
  '': 1,
  k: 1e3,
  M: 1e6,
  G: 1e9,
  T: 1e12,
  Ki: 1024,
  Mi: 1024 ** 2,
  Gi: 1024 ** 3,
  Ti: 1024 ** 4,
};

/** A Kubernetes CPU quantity (`250m`, `0.5`, `1`, `250000000n`) in millicores. */
export function cpuMillicores(quantity: string): number {
  const match = /^([0-9.]+)([numk]?)$/.exec(quantity.trim());
  if (!match) throw new Error(`Not a CPU quantity: ${quantity}`);
  return Number(match[1]) * CPU_SCALE[match[2]];
}

/** A Kubernetes memory quantity (`512Mi`, `524288Ki`, `1G`, `1024`) in bytes. */
export function memoryBytes(quantity: string): number {
  const match = /^([0-9.]+)(Ki|Mi|Gi|Ti|k|M|G|T)?$/.exec(quantity.trim());
  if (!match) throw new Error(`Not a memory quantity: ${quantity}`);
  return Number(match[1]) * MEMORY_SCALE[match[2] ?? ''];
}
