import { TestApiRegistry } from '@backstage/test-utils';
import { ksmlApiRef } from '../api';
import { fakeKsmlApi } from '../__testUtils__';
import { starterFor } from './KsmlDefinitionField';
import { validateDefinitionStep } from './definitionStepValidation';

describe('validateDefinitionStep', () => {
  const answers = {
    tenant: 'dizzl',
    instance: 'sandbox',
    application: 'orders-app',
    environments: ['dev'],
  };
  const definition = starterFor({ application: 'orders-app', starter: 'copy' });

  const validate = async (
    value: string,
    formData: object,
    api = fakeKsmlApi(),
  ) => {
    const errors: string[] = [];
    await validateDefinitionStep(
      value,
      { addError: message => void errors.push(message) },
      {
        apiHolder: TestApiRegistry.from([ksmlApiRef, api]),
        formData,
      },
    );
    return errors;
  };

  it('refuses an invalid definition without asking the backend', async () => {
    const api = fakeKsmlApi();
    expect(
      await validate('pipelines:\n  p:\n    to: x\n', answers, api),
    ).toEqual([
      'Not a valid KSML definition: line 2: pipelines.p.from: is required',
    ]);
    expect(api.preflight).not.toHaveBeenCalled();
  });

  it('refuses what the preflight found in the chosen environments', async () => {
    const api = fakeKsmlApi();
    api.preflight.mockResolvedValue([
      {
        environment: 'dev',
        release: 'dizzl-sandbox-dev-orders-app-ksml',
        deployed: true,
        kafka: 'kafka:9094 from ksml.kafka',
        missingInputTopics: ['ksml_sensordata_avro'],
        warnings: [],
      },
    ]);
    expect(await validate(definition, answers, api)).toEqual([
      'orders-app already runs in dev (dizzl-sandbox-dev-orders-app-ksml): choose another name, or tick "Take over an existing app of this name" if it is yours to change',
      'Topic ksml_sensordata_avro, which the definition reads, does not exist on the Kafka cluster of environment dev (kafka:9094 from ksml.kafka): create it first, or tick "Deploy even if input topics are missing"',
    ]);
    expect(api.preflight).toHaveBeenCalledWith({ ...answers, definition });
    // Both ticked: the form goes on.
    expect(
      await validate(
        definition,
        { ...answers, takeover: true, allowMissingTopics: true },
        api,
      ),
    ).toEqual([]);
  });

  it('lets the form go on when the preflight fails', async () => {
    const api = fakeKsmlApi();
    api.preflight.mockRejectedValue(new Error('503'));
    expect(await validate(definition, answers, api)).toEqual([]);
  });
});
