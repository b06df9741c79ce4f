import { describe, expect, it } from 'vitest';
import { codetracer } from '../../model/codetracer/index.js';
import { DRIVER_PATH as EMITTED_DRIVER } from '../../generator/emit/driver.js';
import { validateModel } from '../../generator/model.js';
import { modelIssues } from '../support/model-issues.js';
import { allowPolicy, DRIVER_PATH } from '../../generator/lint/allow.js';
import { globToRegExp } from '../../generator/lint/glob.js';

describe('allowlist globs', () => {
  const cases: [glob: string, path: string, matches: boolean][] = [
    ['non-nix-build/install_nim_osx.sh', 'non-nix-build/install_nim_osx.sh', true],
    ['non-nix-build/install_nim_osx.sh', 'x/non-nix-build/install_nim_osx.sh', false],
    ['*.sh', 'build.sh', true],
    ['*.sh', 'ci/build.sh', false],
    ['**/*.sh', 'build.sh', true],
    ['**/*.sh', 'ci/lint/build.sh', true],
    ['docs/**', 'docs/a/b.md', true],
    ['docs/**', 'docsx/a.md', false],
    ['src/**/Tupfile', 'src/Tupfile', true],
    ['src/**/Tupfile', 'src/ct/Tupfile', true],
    ['ci/?.sh', 'ci/a.sh', true],
    ['ci/?.sh', 'ci/ab.sh', false],
    ['{ci,tools}/*.sh', 'tools/x.sh', true],
    ['{ci,tools}/*.sh', 'nix/x.sh', false],
    ['tests/[abc]*.sh', 'tests/bench.sh', true],
    ['tests/[!abc]*.sh', 'tests/bench.sh', false],
    ['a.b', 'axb', false],
  ];
  it.each(cases)('%s ~ %s → %s', (glob, path, matches) => expect(globToRegExp(glob).test(path)).toBe(matches));

  it('always allows the generated driver, the same path the driver emitter writes', () => {
    expect(DRIVER_PATH).toBe(EMITTED_DRIVER);
    expect(allowPolicy([])(DRIVER_PATH)).toBe(true);
    expect(allowPolicy([])(`out/${DRIVER_PATH}`)).toBe(false);
  });

  it("Codetracer allows only the nim bootstrap script, with its reason", () => {
    const { allow } = validateModel(codetracer).lint;
    expect(allow.map((a) => a.glob)).toEqual(['non-nix-build/install_nim_osx.sh']);
    expect(allow[0]!.reason).toMatch(/koch/);
  });
});

describe('allowlist validation', () => {
  const issues = (glob: string, reason = 'why') => modelIssues((m) => (m.lint = { allow: [{ glob, reason }] }));
  const cases: [glob: string, reason: string, want: string[]][] = [
    ['/etc/build.sh', 'why', ['lint.allow[0].glob: must be relative to the scanned root (no leading /) (got "/etc/build.sh")']],
    ['../outside.sh', 'why', ['lint.allow[0].glob: must stay inside the scanned root (no .. segment) (got "../outside.sh")']],
    ['ci\\build.sh', 'why', ['lint.allow[0].glob: must use / as the path separator (got "ci\\\\build.sh")']],
    ['ci/build.sh', '   ', ['lint.allow[0].reason: must say why nim may run there (got "   ")']],
    ['ci/**', 'runs the test suite', []],
  ];
  it.each(cases)('%s / %j', (glob, reason, want) => expect(issues(glob, reason)).toEqual(want));

  it('rejects a misspelled field instead of ignoring it', () => {
    expect(modelIssues((m) => (m.lint = { alow: [{ glob: 'ci/**', reason: 'why' }] }))).toEqual([expect.stringMatching(/^lint: unknown field "alow"; known: /) as unknown as string]);
    expect(modelIssues((m) => (m.lint = { allow: [{ glob: 'ci/**', resaon: 'why' }] }))).toEqual([
      'lint.allow[0].reason: Invalid input: expected string, received undefined',
      expect.stringMatching(/^lint\.allow\[0\]: unknown field "resaon"; known: /) as unknown as string,
    ]);
  });
});
