module.exports = require('@backstage/cli/config/eslint-factory')(__dirname, {
  rules: {
    // A journey's step waits for what the page must show, and fails when it does not come.
    'jest/expect-expect': ['warn', { assertFunctionNames: ['expect', 'step'] }],
  },
});
