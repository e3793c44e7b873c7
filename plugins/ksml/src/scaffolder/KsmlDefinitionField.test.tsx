import { render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { KsmlDefinitionField, starterFor } from './KsmlDefinitionField';

describe('KsmlDefinitionField', () => {
  const props = (formData: string | undefined, answers: object) =>
    ({
      formData,
      onChange: jest.fn(),
      rawErrors: [],
      formContext: { formData: answers },
      schema: { title: 'KSML definition', description: 'Edit it' },
      idSchema: { $id: 'root_definition' },
    } as any);

  it("fills in the chosen starter, made from the form's answers", () => {
    const p = props(undefined, {
      application: 'blue-only',
      starter: 'filter',
      inputTopic: 'sensors',
    });
    render(<KsmlDefinitionField {...p} />);
    const [text] = p.onChange.mock.calls[0];
    expect(text).toContain('# KSML definition of blue-only (starter: filter)');
    expect(text).toContain('topic: sensors');
    expect(text).toContain('topic: ksml_sensordata_blue');
  });

  it('keeps an edited definition, and puts the starter back on request', async () => {
    const p = props('pipelines: {}\n', { application: 'a', starter: 'copy' });
    render(<KsmlDefinitionField {...p} />);
    expect(p.onChange).not.toHaveBeenCalled();
    expect(screen.getByLabelText('KSML definition')).toHaveValue(
      'pipelines: {}\n',
    );
    await userEvent.click(
      screen.getByRole('button', { name: 'Start from the starter again' }),
    );
    expect(p.onChange).toHaveBeenCalledWith(
      starterFor({ application: 'a', starter: 'copy' }),
    );
  });
});
