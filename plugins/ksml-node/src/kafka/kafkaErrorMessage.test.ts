import { kafkaErrorMessage } from './KafkaInspector';

describe('kafkaErrorMessage', () => {
  it('follows nested errors to the innermost cause, without repeating a message', () => {
    const inner = new Error('Connection refused.');
    const middle = Object.assign(new Error('Cannot connect to any broker.'), {
      errors: [inner],
    });
    const outer = Object.assign(
      new AggregateError([middle], 'Listing topics failed.'),
      {
        errors: [middle],
      },
    );
    expect(kafkaErrorMessage(outer)).toBe(
      'Listing topics failed: Cannot connect to any broker: Connection refused',
    );
    expect(kafkaErrorMessage(new Error('x', { cause: new Error('x') }))).toBe(
      'x',
    );
  });

  it('names a thrown non-error', () => {
    expect(kafkaErrorMessage('down')).toBe('down');
  });
});
