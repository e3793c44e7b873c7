module.exports = require('@backstage/cli/config/eslint-factory')(__dirname, {
  rules: {
    // A test-only package that always runs from source (never bundled), so __dirname is where
    // the scripts beside it live; the rule guards production backend bundles.
    'no-restricted-syntax': 'off',
  },
});
