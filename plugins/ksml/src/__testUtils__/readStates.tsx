import type { ReactElement } from 'react';
import { screen } from '@testing-library/react';
import type { FakeKsmlApi } from './fakeKsmlApi';
import { plainEntity } from './fixtures';
import { renderKsml } from './renderKsml';
import { responseError } from './responseError';

/** Options of {@link readStateTests}. */
export interface ReadStateOptions {
  /** The describe block's fake API, as {@link withFakeKsmlApi} hands it out. */
  api: FakeKsmlApi;
  /** The view under test. */
  view: ReactElement;
  /** The API method the view reads with. */
  read:
    | 'status'
    | 'logs'
    | 'metrics'
    | 'revisions'
    | 'events'
    | 'lag'
    | 'topology'
    | 'definition';
  /** The arguments it reads with first. */
  readWith: unknown;
  /** The permission named in the 403 answer. */
  permission: string;
  /** What the view reads: "You may not read this app's <subject>." */
  subject: string;
  /** An annotation the view names for an entity without any. */
  missingAnnotation: string;
  /**
   * Whether the view reads through loadOrExplain404, and so shows "not deployed" when both
   * its read and the status answer 404.
   */
  explains404?: boolean;
}

/**
 * A test case, its title and body, for
 * `it.each(cases)('%s', (_, run) => expect(run()).resolves.toBeUndefined())`.
 */
export type TestCase = [title: string, run: () => Promise<void>];

/**
 * Test cases of a view's reads: progress while loading, permission denied on 403, the error on 500, the missing
 * annotations of an entity that is no KSML app (without reading), and "not deployed" on 404
 * when the view {@link ReadStateOptions.explains404 | explains} it.
 */
export function readStateTests(options: ReadStateOptions): TestCase[] {
  const { api, view, read } = options;
  const notDeployed: TestCase = [
    'shows "not deployed" when there is no release',
    async () => {
      api[read].mockRejectedValue(await responseError(404, `No ${read}`));
      api.status.mockRejectedValue(await responseError(404, 'No release'));
      await renderKsml(view, { api });
      expect(
        await screen.findByText('Not deployed in dev'),
      ).toBeInTheDocument();
      expect(
        screen.getByRole('button', { name: 'Deploy with the template' }),
      ).toHaveAttribute('href', '/create/templates/default/ksml-app');
    },
  ];
  return [
    [
      'shows progress while loading',
      async () => {
        api[read].mockReturnValue(new Promise(() => {}));
        await renderKsml(view, { api });
        expect(screen.getByTestId('progress')).toBeInTheDocument();
        expect(api[read]).toHaveBeenCalledWith(options.readWith);
      },
    ],
    ...(options.explains404 ? [notDeployed] : []),
    [
      'shows permission denied on 403',
      async () => {
        api[read].mockRejectedValue(
          await responseError(403, `Not allowed: ${options.permission}`),
        );
        await renderKsml(view, { api });
        expect(
          await screen.findByText(
            `You may not read this app's ${options.subject}.`,
          ),
        ).toBeInTheDocument();
      },
    ],
    [
      'shows the error on 500',
      async () => {
        api[read].mockRejectedValue(await responseError(500, 'kaboom'));
        await renderKsml(view, { api });
        expect(
          await screen.findByText(/Request failed with 500/),
        ).toBeInTheDocument();
      },
    ],
    [
      'shows the missing annotations',
      async () => {
        await renderKsml(view, { api, entity: plainEntity });
        expect(screen.getByText(/Missing Annotation/i)).toBeInTheDocument();
        expect(screen.getByText(options.missingAnnotation)).toBeInTheDocument();
        expect(api[read]).not.toHaveBeenCalled();
      },
    ],
  ];
}
