import { screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { renderInTestApp } from '@backstage/test-utils';
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
});
