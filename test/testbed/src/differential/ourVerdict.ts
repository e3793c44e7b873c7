import { deployRequestSchema } from '@ksml-backstage/plugin-ksml-common';
import { readmeDeployRequest } from '@ksml-backstage/plugin-ksml-common/testUtils';
import type { RunnerCase } from './runnerJudge';

/** What the product makes of a case before deploying it. */
export interface OurVerdict {
  verdict: 'accepted' | 'refused';
  /** The 400's messages, as `path: message`, when refused. */
  message?: string;
}

/**
 * The product's verdict on a case: the readme's deploy request carrying the case's definitions,
 * checked by the request schema every route and action uses (so a definition beside it counts).
 */
export function ourVerdict(runnerCase: RunnerCase): OurVerdict {
  const result = deployRequestSchema.safeParse({
    ...readmeDeployRequest,
    definition: undefined,
    schemas: [],
    definitions: runnerCase.definitions,
  });
  if (result.success) return { verdict: 'accepted' };
  return {
    verdict: 'refused',
    message: result.error.issues
      .map(issue => `${issue.path.join('.')}: ${issue.message}`)
      .join('; '),
  };
}
