import { describe, expect, it } from 'vitest';
import { closest, editDistance, unknownFieldMessage, withSuggestion } from '../../generator/authoring/suggest.js';

describe('edit distance', () => {
  const cases: [string, string, number][] = [
    ['entrypoint', 'entrypoint', 0],
    ['entrypont', 'entrypoint', 1],
    ['bundle', 'bundles', 1],
    ['genreate', 'generate', 1],
    ['plian', 'plain', 1],
    ['', 'abc', 3],
    ['kitten', 'sitting', 3],
  ];
  it.each(cases)('%s → %s: %i', (a, b, want) => expect(editDistance(a, b)).toBe(want));
});

describe('the closest known name', () => {
  const bundles = ['common', 'repo-paths', 'debug', 'release', 'entrypoint', 'dynlib-overrides'];
  const cases: [string, readonly string[], string | undefined][] = [
    ['entrypont', bundles, 'entrypoint'],
    ['comon', bundles, 'common'],
    ['Release', bundles, 'release'],
    ['js-shared', bundles, undefined],
    ['x', ['y', 'xx'], 'y'],
    ['debug', bundles, undefined],
    ['lsit', ['generate', 'check', 'list'], 'list'],
    // Too far to be a typo, but the start of exactly one name.
    ['win', ['linux', 'macos', 'windows'], 'windows'],
    ['Mac', ['linux', 'macos', 'windows'], 'macos'],
    ['dyn', bundles, 'dynlib-overrides'],
    // The start of two names, or a single letter: nothing.
    ['re', bundles, undefined],
    ['w', ['linux', 'windows'], undefined],
  ];
  it.each(cases)('%s', (word, choices, want) => expect(closest(word, choices)).toBe(want));
});

describe('validation messages with a suggestion', () => {
  const cases: [string, string, string][] = [
    ['an unknown bundle', 'unknown bundle "entrypont"; known: common, entrypoint', 'unknown bundle "entrypont"; did you mean "entrypoint"?'],
    ['an unknown legacy invocation', 'unknown legacy invocation "nix:c"; known: nix:ct, just:build-ui-js', 'unknown legacy invocation "nix:c"; did you mean "nix:ct"?'],
    ['nothing close: the list stays', 'unknown profile "fast"; known: debug, release', 'unknown profile "fast"; known: debug, release'],
    ['the start of one name', "unknown platform 'win'; known: linux, macos, windows", "unknown platform 'win'; did you mean 'windows'?"],
    ['an enum', 'Invalid option: expected one of "nim-c"|"nim-js" (got "nim-cpp")', 'Invalid option: expected one of "nim-c"|"nim-js" (got "nim-cpp"); did you mean "nim-c"?'],
    ['the resolver quotes with single quotes', "unknown profile 'relase'; known: debug, release", "unknown profile 'relase'; did you mean 'release'?"],
    ['an action a status target does not have', 'target "os" has no action "swich"; known: switch, boot', 'target "os" has no action "swich"; did you mean "switch"?'],
    ['any other message', 'must end with .nim (got "src/x.rs")', 'must end with .nim (got "src/x.rs")'],
  ];
  it.each(cases)('%s', (_name, message, want) => expect(withSuggestion(message)).toBe(want));

  it('an unknown field, with the field meant or the fields there are', () => {
    expect(unknownFieldMessage('bundle', ['name', 'bundles'])).toBe('unknown field "bundle"; did you mean "bundles"?');
    expect(unknownFieldMessage('colour', ['name', 'bundles'])).toBe('unknown field "colour"; known: name, bundles');
  });
});
