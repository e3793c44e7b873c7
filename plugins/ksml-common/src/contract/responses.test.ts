import type {
  KsmlAppsResponse,
  KsmlDefinitionResponse,
  KsmlPreflightResponse,
  KsmlPromoteResponse,
  KsmlDeployResponse,
  KsmlEventsResponse,
  KsmlGitopsFilesResponse,
  KsmlHistoryResponse,
  KsmlLagResponse,
  KsmlOffsetResetResponse,
  KsmlRecordsResponse,
  KsmlLogLine,
  KsmlLogsResponse,
  KsmlMetricsResponse,
  KsmlThroughputResponse,
  KsmlOperationResponse,
  KsmlRenderResponse,
  KsmlRevisionsResponse,
  KsmlStatusResponse,
  KsmlTestResponse,
  KsmlTopologyResponse,
  KsmlUndeployResponse,
} from '../types';
import type { Same } from '../testing/sameType';
import { responseExamples } from '../testing/responseExamples';
import { KsmlResponse, KsmlResponseName, ksmlResponses } from './responses';
import { ksmlRoutes } from './routes';

// The documented interfaces of types.ts (what the client returns and the services build) and
// the contract's schemas must describe the same objects: this file does not compile otherwise
// (`npm test` type-checks before it runs), and the run below says which one when a name is off.

/** The interface of types.ts each response schema describes. */
interface Documented {
  KsmlDeployResponse: KsmlDeployResponse;
  KsmlRenderResponse: KsmlRenderResponse;
  KsmlTestResponse: KsmlTestResponse;
  KsmlUndeployResponse: KsmlUndeployResponse;
  KsmlStatusResponse: KsmlStatusResponse;
  KsmlLogsResponse: KsmlLogsResponse;
  KsmlLogLine: KsmlLogLine;
  KsmlMetricsResponse: KsmlMetricsResponse;
  KsmlThroughputResponse: KsmlThroughputResponse;
  KsmlHistoryResponse: KsmlHistoryResponse;
  KsmlRevisionsResponse: KsmlRevisionsResponse;
  KsmlOperationResponse: KsmlOperationResponse;
  KsmlEventsResponse: KsmlEventsResponse;
  KsmlGitopsFilesResponse: KsmlGitopsFilesResponse;
  KsmlTopologyResponse: KsmlTopologyResponse;
  KsmlLagResponse: KsmlLagResponse;
  KsmlOffsetResetResponse: KsmlOffsetResetResponse;
  KsmlRecordsResponse: KsmlRecordsResponse;
  KsmlAppsResponse: KsmlAppsResponse;
  KsmlDefinitionResponse: KsmlDefinitionResponse;
  KsmlPromoteResponse: KsmlPromoteResponse;
  KsmlPreflightResponse: KsmlPreflightResponse;
}

const sameShape: {
  [N in KsmlResponseName | keyof Documented]: N extends KsmlResponseName
    ? N extends keyof Documented
      ? Same<KsmlResponse<N>, Documented[N]>
      : 'not documented in types.ts'
    : 'no schema in ksmlResponses';
} = {
  KsmlDeployResponse: true,
  KsmlRenderResponse: true,
  KsmlTestResponse: true,
  KsmlUndeployResponse: true,
  KsmlStatusResponse: true,
  KsmlLogsResponse: true,
  KsmlLogLine: true,
  KsmlMetricsResponse: true,
  KsmlThroughputResponse: true,
  KsmlHistoryResponse: true,
  KsmlRevisionsResponse: true,
  KsmlOperationResponse: true,
  KsmlEventsResponse: true,
  KsmlGitopsFilesResponse: true,
  KsmlTopologyResponse: true,
  KsmlLagResponse: true,
  KsmlOffsetResetResponse: true,
  KsmlRecordsResponse: true,
  KsmlAppsResponse: true,
  KsmlDefinitionResponse: true,
  KsmlPromoteResponse: true,
  KsmlPreflightResponse: true,
};

describe('the contract’s responses', () => {
  it('describe the documented interfaces, one schema each', () => {
    expect(Object.keys(sameShape).sort()).toEqual(
      Object.keys(ksmlResponses).sort(),
    );
  });

  it('are each answered by some route', () => {
    const answered = new Set<string>(ksmlRoutes.map(r => r.response));
    expect(Object.keys(ksmlResponses).filter(n => !answered.has(n))).toEqual(
      [],
    );
  });

  it.each(Object.keys(ksmlResponses) as KsmlResponseName[])(
    '%s: the example answer the fakes give meets it',
    name => {
      expect(ksmlResponses[name].parse(responseExamples[name])).toEqual(
        responseExamples[name],
      );
    },
  );

  it('refuse a field the contract does not name', () => {
    const result = ksmlResponses.KsmlOperationResponse.safeParse({
      helm: {
        name: 'r',
        chart: 'ksml',
        version: '1.3.0',
        appVersion: '1.3.0',
        namespace: 'ns',
        revision: 1,
        status: 'deployed',
        deployedAt: '2026-12-06T00:00:00Z',
        values: {},
      },
    });
    expect(result.success).toBe(false);
    expect(result.error?.issues[0]).toMatchObject({
      code: 'unrecognized_keys',
      keys: ['values'],
      path: ['helm'],
    });
  });
});
