import { describe, expect, it } from 'vitest';
import type { LintAllow } from '../../model/schema/lint.js';
import { codetracer } from '../../model/codetracer/index.js';
import { emitDriver } from '../../generator/families/driver/emit.js';
import { resolveModel } from '../../generator/resolve/view.js';
import { fixture } from '../support/fixture-model.js';
import { validateModel } from '../../generator/model.js';
import { modelIssues } from '../support/model-issues.js';
import { tempDir, writeTree } from '../support/tree.js';
import { allowPolicy } from '../../lint/allow.js';
import { mainModule } from '../../lint/classify.js';
import { unwrap } from '../../lint/commands.js';
import { globToRegExp } from '../../lint/glob.js';
import { exitCodeOf, lint } from '../../lint/index.js';
import { splitCommands } from '../../lint/shell-words.js';

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
    // Host variables match themselves: their braces do not alternate.
    ['${f}', '${f}', true],
    ['${f}', '$f', false],
    ['$f', '$f', true],
    ['$f', '${f}', false],
    ['{{f}}', '{{f}}', true],
    ['{{f}}', 'f', false],
    ['$(SRC)/main.nim', '$(SRC)/main.nim', true],
    ['${here}/*.nim', '${here}/gen.nim', true],
    ['{${f},tests/*.nim}', 'tests/a.nim', true],
    ['{${f},tests/*.nim}', '${f}', true],
    ['src/{build,dev}.nim', 'src/dev.nim', true],
  ];
  it.each(cases)('%s ~ %s → %s', (glob, path, matches) => expect(globToRegExp(glob).test(path)).toBe(matches));

  it('always allows the generated driver, the same path the driver emitter writes', () => {
    // The path lint allows is where the driver emitter really writes the driver.
    expect(emitDriver(resolveModel(fixture)).map((f) => f.path)).toContain(fixture.layout.driver);
    expect(allowPolicy([], fixture.layout.driver)(fixture.layout.driver)).toEqual({ whole: true });
    expect(allowPolicy([], fixture.layout.driver)(`out/${fixture.layout.driver}`)).toBeUndefined();
  });

  it('allows a whole file when any entry naming it has no sources', () => {
    const policy = allowPolicy([
      { glob: 'justfile', sources: ['tests/*.nim'], reason: 'tests' },
      { glob: 'ci/**', reason: 'ci' },
      { glob: '*file', reason: 'everything' },
    ]);
    expect(policy('ci/x.sh')).toEqual({ whole: true });
    expect(policy('justfile')).toEqual({ whole: true });
    expect(policy('src/x.sh')).toBeUndefined();
  });

  it('allows only the listed main modules when every entry naming the file has sources', () => {
    const allowance = allowPolicy([
      { glob: 'justfile', sources: ['tests/*.nim'], reason: 'tests' },
      { glob: 'just*', sources: ['${f}'], reason: 'loop' },
    ])('justfile');
    if (allowance?.whole !== false) throw new Error(`expected an allowance by main module, got ${JSON.stringify(allowance)}`);
    expect(allowance.allows('tests/a.nim')).toBe(true);
    expect(allowance.allows('${f}')).toBe(true);
    expect(allowance.allows('$f')).toBe(false);
    expect(allowance.allows('src/ct/codetracer.nim')).toBe(false);
    expect(allowance.allows(undefined)).toBe(false);
  });

  it('Codetracer allows whole only the nim bootstrap script; every other entry names its main modules and says why', () => {
    const { allow } = validateModel(codetracer).lint;
    expect(allow.filter((a) => !a.sources).map((a) => a.glob)).toEqual(['non-nix-build/install_nim_osx.sh']);
    expect(allow[0]!.reason).toMatch(/koch/);
    for (const entry of allow) expect(entry.reason).toMatch(/no driver target applies$/);
    expect(new Set(allow.map((a) => a.reason)).size).toBe(allow.length);
    const justfile = allowPolicy(allow)('justfile');
    expect(justfile?.whole).toBe(false);
    if (justfile?.whole === false) for (const product of ['src/frontend/ui_js.nim', 'src/tests/hmr_fixture/main.nim', 'src/frontend/storybook_components.nim', 'src/tools/demo_request_session.nim']) expect(justfile.allows(product)).toBe(false);
    const workflow = allowPolicy(allow)('.github/workflows/codetracer.yml');
    if (workflow?.whole !== false) throw new Error('the workflow builds Codetracer too: its entries must name main modules');
    for (const product of ['./src/ct/codetracer.nim', './src/ct/db_backend_record.nim']) expect(workflow.allows(product)).toBe(false);
  });
});

describe('the main module of a compile', () => {
  const argsOf = (command: string) => {
    const unwrapped = unwrap(splitCommands(command)[0]!.words);
    if (unwrapped.kind !== 'run') throw new Error(`${command} runs nothing`);
    return unwrapped.args;
  };
  const cases: [command: string, module: string | undefined][] = [
    ['nim c -r tests/a_test.nim', 'tests/a_test.nim'],
    ['nim -d:release --out:x c src/ct/codetracer.nim', 'src/ct/codetracer.nim'],
    ['nim c -r --nimcache:"$cache" -o:"$cache/$name" "$f" 2>&1', '$f'],
    ['nim c -r "${f}" >/dev/null', '${f}'],
    ['nim c -r {{f}}', '{{f}}'],
    ['nim js --out:"$2" "$here/gen.nim"', '$here/gen.nim'],
    // nim passes the words after the project file to the program it runs.
    ['nim c -r --hints:off src/dev.nim {{port}} {{host}}', 'src/dev.nim'],
    ['nim r src/ct/codetracer.nim tests/a_test.nim', 'src/ct/codetracer.nim'],
    ['nim c -r src/t.nim --flag', 'src/t.nim'],
    // A word of expansions alone is read as options when another word follows it.
    ['nim c $NIMFLAGS "$f"', '$f'],
    ['nim $NIMFLAGS c $EXTRA src/x.nim', 'src/x.nim'],
    ['nim c', undefined],
    ['nim c --out:x', undefined],
    ['nim -d:release', undefined],
  ];
  it.each(cases)('%s → %s', (command, module) => expect(mainModule(argsOf(command))).toBe(module));
});

describe('an allowlist entry with sources, on a tree', () => {
  const tree = (files: Record<string, string>) => {
    const root = tempDir('lint-sources');
    writeTree(root, Object.entries(files).map(([path, content]) => ({ path, content })));
    return root;
  };
  const found = (root: string, allow: LintAllow[]) => lint([root], { allow }).findings.map((f) => `${f.file}:${f.line} ${f.rule}`);
  const justfile = [
    'test-unit:',
    '  nim c -r --hints:off tests/unit_test.nim',
    '',
    'build-ui:',
    '  nim -d:ctRenderer --out:dist/ui.js js src/frontend/ui_js.nim',
    '',
    'test-all:',
    '  #!/usr/bin/env bash',
    '  for f in tests/*_test.nim; do',
    '    nim c -r --nimcache:/tmp/c "${f}" 2>&1',
    '    nim c -r "$f"',
    '  done',
    '',
    'test-one f:',
    '  nim c -r {{ f }}',
    '',
    'run-args:',
    '  nim r src/tool.nim tests/unit_test.nim',
    '',
    'bare:',
    '  nim c --hints:off',
    '',
  ].join('\n');
  const everything = ['justfile:2 nim-invocation', 'justfile:5 nim-invocation', 'justfile:10 nim-invocation', 'justfile:11 nim-invocation', 'justfile:15 nim-invocation', 'justfile:18 nim-invocation', 'justfile:21 nim-invocation'];

  it('suppresses a test compile and still reports a build compile in the same file', () => {
    const root = tree({ justfile });
    expect(found(root, [])).toEqual(everything);
    const result = lint([root], { allow: [{ glob: 'justfile', sources: ['tests/*_test.nim'], reason: 'unit tests run in place' }] });
    expect(result.findings.map((f) => `${f.file}:${f.line} ${f.rule}`)).toEqual(everything.filter((f) => f !== 'justfile:2 nim-invocation'));
    expect(result.findings.find((f) => f.line === 5)?.command).toBe('nim -d:ctRenderer --out:dist/ui.js js src/frontend/ui_js.nim');
    expect(exitCodeOf(result)).toBe(1);
  });

  it('matches a variable main module literally, as written after quote removal', () => {
    const root = tree({ justfile });
    expect(found(root, [{ glob: 'justfile', sources: ['${f}'], reason: 'the test loop' }])).toEqual(everything.filter((f) => f !== 'justfile:10 nim-invocation'));
    expect(found(root, [{ glob: 'justfile', sources: ['$f'], reason: 'the test loop' }])).toEqual(everything.filter((f) => f !== 'justfile:11 nim-invocation'));
    // just's `{{ f }}` is read as `{{f}}`.
    expect(found(root, [{ glob: 'justfile', sources: ['{{f}}'], reason: 'one test' }])).toEqual(everything.filter((f) => f !== 'justfile:15 nim-invocation'));
    // The variable is not expanded: the loop runs over tests/*_test.nim, but `"${f}"` is not one of them.
    expect(found(root, [{ glob: 'justfile', sources: ['tests/*_test.nim'], reason: 'unit tests' }])).toEqual(everything.filter((f) => f !== 'justfile:2 nim-invocation'));
  });

  it('judges the project file, not the arguments of the program it runs, and allows nothing when there is no main module', () => {
    const root = tree({ justfile });
    const allow: LintAllow[] = [
      { glob: 'justfile', sources: ['tests/*_test.nim', '${f}', '$f', '{{f}}'], reason: 'tests' },
      { glob: 'justfile', sources: ['--hints:off', 'c'], reason: 'options are not modules' },
    ];
    expect(found(root, allow)).toEqual(['justfile:5 nim-invocation', 'justfile:18 nim-invocation', 'justfile:21 nim-invocation']);
  });

  it('applies only to the files its glob names, and leaves other findings of the file reported', () => {
    const root = tree({
      justfile,
      'ci/test.sh': 'nim c -r tests/unit_test.nim\n# ct-gen-lint: allow nim-invocation\nnim c -r tests/unit_test.nim\n',
    });
    const allow: LintAllow[] = [{ glob: 'ci/*.sh', sources: ['tests/*_test.nim'], reason: 'unit tests' }];
    const findings = found(root, allow);
    expect(findings.filter((f) => f.startsWith('ci/'))).toEqual(['ci/test.sh:2 bad-suppression']);
    expect(findings.filter((f) => f.startsWith('justfile'))).toEqual(everything);
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

  const sourcesIssues = (sources: unknown) => modelIssues((m) => (m.lint = { allow: [{ glob: 'justfile', sources, reason: 'tests' }] }));
  const sourcesCases: [sources: unknown, want: string[]][] = [
    [['tests/*_test.nim', '${f}', '{{f}}', '$file'], []],
    [[], ['lint.allow[0].sources: must list at least one main module; leave sources out to allow the whole file']],
    [[''], ['lint.allow[0].sources[0]: Too small: expected string to have >=1 characters (got "")']],
    [['tests/a.nim', '/tmp/x.nim'], ['lint.allow[0].sources[1]: must be relative to the directory the command runs in (no leading /) (got "/tmp/x.nim")']],
    [['../other/x.nim'], ['lint.allow[0].sources[0]: must stay inside that directory (no .. segment) (got "../other/x.nim")']],
    [['tests\\x.nim'], ['lint.allow[0].sources[0]: must use / as the path separator (got "tests\\\\x.nim")']],
    ['tests/*.nim', ['lint.allow[0].sources: Invalid input: expected array, received string (got "tests/*.nim")']],
  ];
  it.each(sourcesCases)('sources %j', (sources, want) => expect(sourcesIssues(sources)).toEqual(want));

  it('rejects a misspelled field instead of ignoring it', () => {
    expect(modelIssues((m) => (m.lint = { alow: [{ glob: 'ci/**', reason: 'why' }] }))).toEqual([expect.stringMatching(/^lint: unknown field "alow"; known: /) as unknown as string]);
    expect(modelIssues((m) => (m.lint = { allow: [{ glob: 'ci/**', resaon: 'why' }] }))).toEqual([
      'lint.allow[0].reason: Invalid input: expected string, received undefined',
      expect.stringMatching(/^lint\.allow\[0\]: unknown field "resaon"; known: /) as unknown as string,
    ]);
  });
});
