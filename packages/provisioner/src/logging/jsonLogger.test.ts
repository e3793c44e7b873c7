import { jsonLogger } from './jsonLogger';

describe('jsonLogger', () => {
  it('writes one JSON object per line, with child fields, and hides secret-named values', () => {
    const lines: string[] = [];
    const logger = jsonLogger({ service: 'p' }, line => lines.push(line));
    logger.child({ requestId: 'r1' }).info('Deployed', {
      secretProperties: ['sasl.jaas.config'],
      password: 'hunter2',
      'basic.auth.token': 'x',
    });
    expect(lines).toHaveLength(1);
    expect(lines[0].endsWith('\n')).toBe(true);
    expect(JSON.parse(lines[0])).toEqual({
      time: expect.any(String),
      level: 'info',
      message: 'Deployed',
      service: 'p',
      requestId: 'r1',
      secretProperties: ['sasl.jaas.config'],
      password: '***',
      'basic.auth.token': '***',
    });
  });
});
