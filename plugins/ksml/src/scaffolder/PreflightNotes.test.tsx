import { render, screen } from '@testing-library/react';
import { TestApiProvider } from '@backstage/test-utils';
import { ksmlApiRef } from '../api';
import { fakeKsmlApi } from '../__testUtils__';
import { PreflightNotes } from './PreflightNotes';

describe('PreflightNotes', () => {
  const answers = {
    tenant: 'dizzl',
    instance: 'sandbox',
    application: 'orders-app',
    environments: ['dev', 'stag'],
  };
  const found = (environment: string, extra: object = {}) => ({
    environment,
    release: `dizzl-sandbox-${environment}-orders-app-ksml`,
    deployed: false,
    kafka: 'kafka:9094 from ksml.kafka',
    missingInputTopics: [],
    warnings: [],
    ...extra,
  });
  const show = (api: ReturnType<typeof fakeKsmlApi>, extra: object = {}) =>
    render(
      <TestApiProvider apis={[[ksmlApiRef, api]]}>
        <PreflightNotes
          answers={{ ...answers, ...extra }}
          definition="streams: {}"
          settleMs={0}
        />
      </TestApiProvider>,
    );

  it('shows what blocks Create and where nothing stands in the way', async () => {
    const api = fakeKsmlApi();
    api.preflight.mockResolvedValue([
      found('dev'),
      found('stag', { missingInputTopics: ['orders'] }),
    ]);
    show(api);
    expect(
      await screen.findByText(
        'Topic orders, which the definition reads, does not exist on the Kafka cluster of environment stag (kafka:9094 from ksml.kafka): create it first, or tick "Deploy even if input topics are missing"',
      ),
    ).toBeInTheDocument();
    expect(
      screen.getByText(
        'Checked in dev (kafka:9094 from ksml.kafka): nothing stands in the way',
      ),
    ).toBeInTheDocument();
  });

  it('warns, and blocks nothing, when the preflight fails', async () => {
    const api = fakeKsmlApi();
    api.preflight.mockRejectedValue(new Error('Service Unavailable'));
    show(api);
    expect(
      await screen.findByText(
        'The checks before Create could not run (Service Unavailable); the template checks the name and the topics again when it runs',
      ),
    ).toBeInTheDocument();
  });

  it('asks nothing without a valid definition', () => {
    const api = fakeKsmlApi();
    const { container } = render(
      <TestApiProvider apis={[[ksmlApiRef, api]]}>
        <PreflightNotes answers={answers} settleMs={0} />
      </TestApiProvider>,
    );
    expect(api.preflight).not.toHaveBeenCalled();
    expect(container).toBeEmptyDOMElement();
  });
});
