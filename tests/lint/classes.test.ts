import { describe, expect, it } from 'vitest';
import { lint, lintText } from '../../lint/index.js';
import type { LintOptions, LintTarget } from '../../lint/types.js';
import { tempDir, writeTree } from '../support/tree.js';

/** A small model's targets as lint sees them: two bundles share one main module. */
const targets: LintTarget[] = [
  { name: 'app', source: 'src/app/app.nim', output: 'app', ownDefines: ['appMain'], defines: { debug: ['debug', 'appMain'], release: ['release', 'appMain'] } },
  { name: 'js:page', source: 'src/web/page.nim', output: 'page.js', ownDefines: ['page'], defines: { debug: ['debug', 'page'], release: ['release', 'page'] } },
  { name: 'js:page-server', source: 'src/web/page.nim', output: 'page_server.js', ownDefines: ['page', 'server'], defines: { debug: ['debug', 'page', 'server'], release: ['release', 'page', 'server'] } },
];
const profiles: NonNullable<LintOptions['profiles']> = [{ name: 'debug', defines: ['debug'] }, { name: 'release', defines: ['release'] }];
const options = { targets, profiles };

/** `line:column severity class [target]` of each finding of a shell script. */
const found = (text: string, path = 'build.sh') =>
  lintText(path, text, options).map((f) => `${f.line}:${f.column} ${f.severity} ${f.class ?? '-'}${f.target ? ` ${f.target}` : ''}`);

describe('what counts as nim', () => {
  const cases: [string, string, string[]][] = [
    ['nim2', 'nim2 c src/app/app.nim', ['1:1 error product app']],
    ['a released nim', 'nim-2.2.6 c src/app/app.nim', ['1:1 error product app']],
    ['a path to a released nim', './nim-2.2.6/bin/nim c src/app/app.nim', ['1:1 error product app']],
    ['a Nix store nim2', '${nim-codetracer.out}/bin/nim2 js src/web/page.nim', ['1:1 error product js:page']],
    ['$NIM', '$NIM c src/app/app.nim', ['1:1 error product app']],
    ['nim2 that compiles nothing', 'nim2 --version', []],
    ['a tool that only starts with nim', 'nimsuggest --stdin src/app/app.nim\nnim-codetracer c x.nim', []],
    ['xvfb-run with options', 'xvfb-run -a -s "-screen 0 1280x1024x24" nim c -r tests/gui.nim', ['1:1 warning test']],
    ['xvfb-run running something else', 'xvfb-run -a node tests/gui.js', []],
    ['ionice', 'ionice -c 3 nim c src/app/app.nim', ['1:1 error product app']],
    ['direnv exec in another checkout', 'direnv exec "$OTHER" nim c -r "$TEST_NIM"', ['1:1 warning test']],
    ['direnv exec running something else', 'direnv exec . node x.js\ndirenv allow', []],
  ];
  it.each(cases)('%s', (_, text, want) => expect(found(text)).toEqual(want));
});

describe('functions that run their arguments', () => {
  const cases: [string, string, string[]][] = [
    ['"$@" after a shift, nim on the call line', 'run_cmd() {\n  local name=$1\n  shift\n  "$@" >log\n}\nrun_cmd "$name" nim c src/app/app.nim\n', ['6:1 error product app']],
    ['"${@:2}", nim on a continuation line', 'function suite {\n  if "${@:2}"; then echo ok; fi\n}\nsuite "$t" \\\n  nim c -r tests/t_one.nim\n', ['4:1 warning test']],
    ['a function that only prints its arguments', 'log() { echo "$@"; }\nlog nim c src/app/app.nim\n', []],
    ['a function that runs a fixed command', 'build() { make "$1"; }\nbuild nim c src/app/app.nim\n', []],
    ['a runner called without nim', 'run_cmd() { "$@"; }\nrun_cmd node x.js\n', []],
  ];
  it.each(cases)('%s', (_, text, want) => expect(found(text)).toEqual(want));

  it('reads a runner from the helper file a script sources, beside it', () => {
    const root = tempDir('lint-sourced');
    writeTree(root, [
      { path: 'ci/lib.sh', content: 'suite() {\n  local label=$1\n  shift\n  if "$@" >out 2>&1; then return 0; fi\n}\n' },
      { path: 'ci/gate.sh', content: '#!/usr/bin/env bash\nsource "$(dirname "$0")/lib.sh"\nsuite "$t" \\\n  nim c -r tests/t_gate.nim\n' },
      { path: 'ci/other.sh', content: '#!/usr/bin/env bash\nsuite "$t" nim c -r tests/t_gate.nim\n' },
    ]);
    const result = lint([root], options);
    expect(result.findings.map((f) => `${f.file}:${f.line} ${f.class}`)).toEqual(['ci/gate.sh:3 test']);
  });
});

describe('classes', () => {
  const cases: [string, string, string[]][] = [
    ['a target by its source, ./ or not', 'nim c ./src/app/app.nim\nnim c src/app/app.nim', ['1:1 error product app', '2:1 error product app']],
    ['a target by the tail of its source (Tup runs in src/)', 'nim c app/app.nim', ['1:1 error product app']],
    ['a file name alone is no target', 'nim c app.nim', ['1:1 error unknown']],
    ['targets sharing a module: the output name decides', 'nim js --out:dist/page_server.js src/web/page.nim', ['1:1 error product js:page-server']],
    ['targets sharing a module: the defines decide', 'nim js -d:page -d:server src/web/page.nim\nnim js -d:page src/web/page.nim', ['1:1 error product js:page-server', '2:1 error product js:page']],
    ['a test under tests/', 'nim c tests/t_app.nim', ['1:1 warning test']],
    ['a *_test.nim module', 'nim c -r src/app/parser_test.nim', ['1:1 warning test']],
    ['a test runner loop', 'for f in tests/*.nim; do nim c -r "$f"; done', ['1:26 warning test']],
    ['a variable module compiled, not run', 'nim c "$f"', ['1:1 error unknown']],
    ['compiled and run, but no test', 'nim r tools/gen.nim', ['1:1 error unknown']],
    ['a sibling checkout', 'nim c ../other/src/cli.nim', ['1:1 note external']],
    ['the Nim compiler', 'bin/nim c koch\n./bin/nim c -d:release koch.nim', ['1:1 note external', '2:1 note external']],
  ];
  it.each(cases)('%s', (_, text, want) => expect(found(text)).toEqual(want));

  it('takes its severities from the options', () => {
    const strict = lintText('build.sh', 'nim c tests/t.nim\nnim c ../x/y.nim\n', { ...options, severities: { product: 'error', test: 'error', external: 'warning', unknown: 'error' } });
    expect(strict.map((f) => `${f.class} ${f.severity}`)).toEqual(['test error', 'external warning']);
  });

  it('keeps documentation a warning whatever the class', () => {
    expect(lintText('docs/build.md', '```sh\nnim c src/app/app.nim\n```\n', options).map((f) => `${f.class} ${f.severity}`)).toEqual(['product warning']);
  });
});

describe('how to fix it', () => {
  const fixOf = (text: string, path = 'build.sh') => lintText(path, text, options).map((f) => f.fix);

  it('gives the driver call of the target: its profile from the defines, the output, and the defines the build lacks', () => {
    expect(fixOf('nim -d:release -d:appMain -d:extra=1 --out:"$DIST/app" c src/app/app.nim')).toEqual([
      'run tools/build/build_codetracer.sh --target app --profile release --output "$DIST/app" --extra-define extra=1',
    ]);
    // A value as the line wrote it: an expansion stays one, a literal $ stays literal, a brace is not expanded.
    const cases: [string, string][] = [
      ['--out:"${TARGET_DIR}/my app"', '"${TARGET_DIR}/my app"'],
      ["'--out:$(dir)/a\"b'", "'$(dir)/a\"b'"],
      ['"--out:a\\$b"', '"a\\$b"'],
      ['--out:"$D"\'/a"$b\'', '"$D"\'/a"$b\''],
      ["--out:'{a,b}'", "'{a,b}'"],
      ['--out:$DIST/app', '$DIST/app'],
    ];
    for (const [out, written] of cases) {
      expect(fixOf(`nim c -d:release -d:appMain ${out} src/app/app.nim`), out).toEqual([`run tools/build/build_codetracer.sh --target app --profile release --output ${written}`]);
    }
    expect(fixOf('nim c -d:release -d:appMain -d:where="$HOME/x" src/app/app.nim')).toEqual(['run tools/build/build_codetracer.sh --target app --profile release --extra-define where="$HOME/x"']);
  });

  it('says how to add a target for an unknown module, and how to allow a test or external compile', () => {
    expect(fixOf('nim c tools/gen.nim')).toEqual([
      "no target of the model compiles tools/gen.nim: add one to the model's targets (name, kind, source, output, bundles) and call tools/build/build_codetracer.sh --target <name>, or allow it in the model: lint.allow entry { glob: 'build.sh', sources: ['tools/gen.nim'], reason: '…' }",
    ]);
    expect(fixOf('nim c tests/t.nim', 'ci/test.sh')).toEqual(["a test may compile with its own switches: allow it in the model: lint.allow entry { glob: 'ci/test.sh', sources: ['tests/t.nim'], reason: '…' }"]);
    expect(fixOf('bin/nim c koch')).toEqual(["code outside the repository may compile with its own switches: allow it in the model: lint.allow entry { glob: 'build.sh', sources: ['koch'], reason: '…' }"]);
  });

  it('writes the suppression comment in the syntax of the file', () => {
    expect(lintText('build.sh', 'nim c x.nim', options)[0]!.suppress).toBe('# ct-gen-lint: allow nim-invocation -- <reason> on the line of the command or the line before it (docs/lint.md, Allowed places)');
    expect(lintText('docs/a.md', '```sh\nnim c x.nim\n```\n', options)[0]!.suppress).toBe(
      '<!-- ct-gen-lint: allow nim-invocation -- <reason> --> on the line of the command or the line before it (docs/lint.md, Allowed places)',
    );
  });
});
