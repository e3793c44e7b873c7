import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { renderInTestApp, TestApiProvider } from '@backstage/test-utils';
import { ksmlApiRef } from '../api';
import { fakeKsmlApi } from '../__testUtils__';
import { KsmlReviewStep } from './KsmlReviewStep';

describe('KsmlReviewStep', () => {
  const definition =
    'streams:\n  sensors:\n    topic: ksml_sensordata_avro\npipelines:\n  copy:\n    from: sensors\n    to: out\n';
  const step = (properties: Record<string, object>) => ({
    schema: { type: 'object', properties },
    mergedSchema: { type: 'object', properties },
    uiSchema: {},
  });
  const props = () => ({
    formData: {
      application: 'orders-app',
      definition,
    },
    steps: [
      step({ application: { title: 'Application name', type: 'string' } }),
      step({
        definition: {
          title: 'KSML definition',
          type: 'string',
          'ui:field': 'KsmlDefinition',
        },
      }),
    ],
    disableButtons: false,
    handleBack: jest.fn(),
    handleReset: jest.fn(),
    handleCreate: jest.fn(async () => undefined),
  });

  it('shows the definition as written, lines and indentation kept, beside the other answers', async () => {
    const p = props();
    await renderInTestApp(<KsmlReviewStep {...p} />);
    expect(screen.getByText('orders-app')).toBeInTheDocument();
    const shown = screen.getByRole('region', { name: 'KSML definition' });
    expect(shown.textContent).toBe(definition);
    expect(shown.tagName).toBe('PRE');
    // Not a second time, as one paragraph in the table.
    expect(screen.getAllByText(/ksml_sensordata_avro/)).toHaveLength(1);
  });

  it('goes back, and creates', async () => {
    const p = props();
    await renderInTestApp(<KsmlReviewStep {...p} />);
    await userEvent.click(screen.getByRole('button', { name: 'Back' }));
    expect(p.handleBack).toHaveBeenCalled();
    await userEvent.click(screen.getByRole('button', { name: 'Create' }));
    expect(p.handleCreate).toHaveBeenCalled();
  });

  describe('with KSML tests', () => {
    const tests =
      'definition: orders-app\ntests:\n  t: {produce: [], assert: []}\n';
    const withTests = () => {
      const p = props();
      return {
        ...p,
        formData: {
          ...p.formData,
          tenant: 'dizzl',
          instance: 'sandbox',
          environments: ['dev', 'stag'],
          tests,
        },
        steps: [
          ...p.steps,
          step({
            tests: {
              title: 'KSML tests',
              type: 'string',
              'ui:field': 'KsmlTests',
            },
          }),
        ],
      };
    };
    const report = (passed: boolean) => ({
      passed,
      counts: { passed: passed ? 1 : 0, failed: passed ? 0 : 1, errors: 0 },
      results: [
        {
          suite: 'orders-app',
          test: 'copies every reading',
          status: passed ? 'PASS' : 'FAIL',
          ...(passed ? {} : { message: 'AssertionError: got []' }),
        },
      ],
      ranOn: 'local',
      durationMs: 6400,
    });
    const show = async (api: ReturnType<typeof fakeKsmlApi>) => {
      const p = withTests();
      await renderInTestApp(
        <TestApiProvider apis={[[ksmlApiRef, api]]}>
          <KsmlReviewStep {...p} />
        </TestApiProvider>,
      );
      return p;
    };

    it('runs them through the backend for the first environment and shows each result; Create goes on', async () => {
      const api = fakeKsmlApi();
      api.test.mockResolvedValue(report(true));
      const p = await show(api);
      expect(
        await screen.findByText('All 1 KSML tests passed', { exact: false }),
      ).toBeInTheDocument();
      expect(api.test).toHaveBeenCalledWith(
        expect.objectContaining({
          environment: 'dev',
          application: 'orders-app',
          definition,
          tests: { 'orders-app': tests },
          schemas: [
            expect.objectContaining({ schemaFileName: 'SensorData.avsc' }),
          ],
        }),
      );
      expect(
        within(
          screen.getByRole('list', { name: 'KSML test results' }),
        ).getByRole('listitem').textContent,
      ).toContain('PASS orders-app › copies every reading');
      expect(
        screen.getByRole('region', { name: 'KSML tests' }).textContent,
      ).toBe(tests);
      await userEvent.click(screen.getByRole('button', { name: 'Create' }));
      expect(p.handleCreate).toHaveBeenCalled();
    });

    it('keeps Create back when a test does not pass, showing why', async () => {
      const api = fakeKsmlApi();
      api.test.mockResolvedValue(report(false));
      await show(api);
      expect(
        await screen.findByText(/1 of 1 KSML tests did not pass/),
      ).toBeInTheDocument();
      expect(
        within(
          screen.getByRole('list', { name: 'KSML test results' }),
        ).getByRole('listitem').textContent,
      ).toContain('AssertionError: got []');
      expect(screen.getByRole('button', { name: 'Create' })).toBeDisabled();
    });

    it('warns, and lets Create go on, when the tests cannot run', async () => {
      const api = fakeKsmlApi();
      api.test.mockRejectedValue(new Error('no test runner'));
      await show(api);
      expect(
        await screen.findByText(
          /The KSML tests could not be run: no test runner/,
        ),
      ).toBeInTheDocument();
      expect(screen.getByRole('button', { name: 'Create' })).toBeEnabled();
    });
  });
});
