import { useState } from 'react';

/**
 * The environment a view shows, chosen from the app's environments; starts at `initial` when
 * that is one of them, else at the first (the least graduated) one.
 */
export function useEnvironment(
  environments: string[],
  initial?: string,
): [string, (environment: string) => void] {
  const [chosen, setChosen] = useState<string | undefined>(initial);
  // The entity (and with it the list) can change under a mounted view: fall back then.
  const environment =
    chosen !== undefined && environments.includes(chosen)
      ? chosen
      : environments[0];
  return [environment, setChosen];
}
