import '@testing-library/jest-dom';
import { configure } from '@testing-library/react';

// Time limits for a machine that is slow, not for a view that is: the tests run on 2 shared
// cores, where a render that takes 100 ms alone can take over a second, and Testing
// Library's default (1 s for findBy*/waitFor) and jest's (5 s a test) failed tests at random.
// Nothing waits this long unless something is wrong: a passing findBy* returns as soon as its
// element shows, and no test waits for a query to time out.
configure({ asyncUtilTimeout: 10_000 });
jest.setTimeout(60_000);

// A console.error in a test is a bug (an act() warning, a failed prop type, an unhandled
// failure): collect them and fail the test that logged them.
let consoleErrors: unknown[][] = [];
let consoleErrorSpy: jest.SpyInstance;

// Except one: React 18.3 deprecates findDOMNode, which Material UI v4's Tooltip, Popover and
// transitions (inside core-components too) still call. That is a known limitation of MUI v4,
// not a bug of ours, and it would otherwise fail every test that renders a tooltip or menu.
// And Material Table (inside core-components' Table), which still gives its function components
// defaultProps, which React 18.3 warns about once per component (its own MTable* components,
// and react-beautiful-dnd's that it draws rows in): a library limitation too.
const KNOWN_THIRD_PARTY_ERRORS = [
  /findDOMNode is deprecated/,
  /^(?=[\s\S]*Support for defaultProps will be removed from (function|memo) components)(?=[\s\S]*(MTable\w*|Connect\(Droppable\)))/,
];

beforeEach(() => {
  consoleErrors = [];
  consoleErrorSpy = jest
    .spyOn(console, 'error')
    .mockImplementation((...args: unknown[]) => {
      const text = args.map(String).join(' ');
      if (!KNOWN_THIRD_PARTY_ERRORS.some(pattern => pattern.test(text))) {
        consoleErrors.push(args);
      }
    });
});

afterEach(() => {
  consoleErrorSpy.mockRestore();
  if (consoleErrors.length > 0) {
    throw new Error(
      `console.error was called:\n${consoleErrors
        .map(args => args.map(String).join(' '))
        .join('\n')}`,
    );
  }
});
