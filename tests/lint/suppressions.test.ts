import { describe, expect, it } from 'vitest';
import { lintText } from '../../lint/index.js';

const found = (path: string, text: string) => lintText(path, text, { nimble: true }).map((f) => `${f.line}:${f.column} ${f.rule}`);

const NIM = 'nim-invocation';
const BAD = 'bad-suppression';

describe('a suppression that covers no command', () => {
  const report = (text: string, nimble = false) => lintText('a.sh', text, { nimble }).map((f) => `${f.line}:${f.column} ${f.rule} ${f.severity}: ${f.message}`);

  it('is a warning at the suppression: on the last line of a continued command, or left after its command went', () => {
    expect(report('nim \\\n  c x.nim # ct-gen-lint: allow nim-invocation -- legacy\n')).toEqual([
      '1:1 nim-invocation error: nim c runs outside the build driver; call tools/build/build_codetracer.sh instead',
      '2:11 bad-suppression warning: suppression of nim-invocation covers no command: it applies to a command that starts on its line',
    ]);
    expect(report('# ct-gen-lint: allow nim-invocation -- gone\necho done\n')).toEqual([
      '1:1 bad-suppression warning: suppression of nim-invocation covers no command: it applies to a command that starts on its line or the next',
    ]);
  });

  it('of nimble-invocation, when nimble is not checked, is not reported', () => {
    const text = '# ct-gen-lint: allow nimble-invocation -- deps\necho done\n';
    expect(report(text)).toEqual([]);
    expect(report(text, true)).toHaveLength(1);
  });

  it('a marker in another case is malformed, not ignored', () => {
    expect(report('nim c x.nim # CT-GEN-LINT: allow nim-invocation -- shouting\n').map((l) => l.replace(/: .*/s, ''))).toEqual(['1:1 nim-invocation error', '1:13 bad-suppression error']);
  });
});

describe('inline suppressions', () => {
  const cases: [name: string, path: string, given: string, want: string[]][] = [
    ['on the same line, with a reason', 'a.sh', 'nim c t.nim # ct-gen-lint: allow nim-invocation -- test helper, never shipped\n', []],
    ['on the line before', 'a.sh', '# ct-gen-lint: allow nim-invocation -- bootstraps koch\nbin/nim c koch.nim\n', []],
    ['after code, it covers only its own line', 'a.sh', 'nim c a.nim # ct-gen-lint: allow nim-invocation -- a is fine\nnim c b.nim\n', [`2:1 ${NIM}`]],
    ['two lines before is too far: the command is reported, and the suppression that covers nothing', 'a.sh', '# ct-gen-lint: allow nim-invocation -- too far\necho\nnim c x.nim\n', [`1:1 ${BAD}`, `3:1 ${NIM}`]],
    ['before a continued command', 'a.sh', '# ct-gen-lint: allow nim-invocation -- legacy\nnim \\\n  c x.nim\n', []],
    ['without a reason it still applies but is reported', 'a.sh', 'nim c x.nim # ct-gen-lint: allow nim-invocation\n', [`1:13 ${BAD}`]],
    ['an empty reason', 'a.sh', '# ct-gen-lint: allow nim-invocation --   \nnim c x.nim\n', [`1:1 ${BAD}`]],
    ['a reason of punctuation only', 'a.sh', '# ct-gen-lint: allow nim-invocation -- ...\nnim c x.nim\n', [`1:1 ${BAD}`]],
    ['an unknown rule does not suppress', 'a.sh', '# ct-gen-lint: allow nim-invocations -- typo\nnim c x.nim\n', [`1:1 ${BAD}`, `2:1 ${NIM}`]],
    ['another rule does not suppress', 'a.sh', '# ct-gen-lint: allow nimble-invocation -- deps\nnim c x.nim\n', [`1:1 ${BAD}`, `2:1 ${NIM}`]],
    ['several rules', 'a.sh', '# ct-gen-lint: allow nim-invocation, nimble-invocation -- both\nnim c x.nim && nimble build\n', []],
    ['bad-suppression cannot be allowed', 'a.sh', '# ct-gen-lint: allow bad-suppression -- no\n', [`1:1 ${BAD}`]],
    ['a malformed comment', 'a.sh', '# ct-gen-lint: disable nim-invocation\nnim c x.nim\n', [`1:1 ${BAD}`, `2:1 ${NIM}`]],
    ['a Tup macro, from the line before', 'Tuprules.tup', '# ct-gen-lint: allow tup-nim-outside-driver -- generator of the rules themselves\n!gen = |> nim c %f |>\n', []],
    ['inside a Nix string', 'default.nix', "''\n  # ct-gen-lint: allow nim-invocation -- nim's own bootstrap\n  ./bin/nim c koch.nim\n''", []],
    ['a Nix comment before the line', 'default.nix', "{\n  buildPhase = ''\n    # ct-gen-lint: allow nim-invocation -- same\n    ${nim}/bin/nim c koch.nim\n  '';\n}", []],
    ['in a workflow block', 'ci.yml', 'steps:\n  - run: |\n      # ct-gen-lint: allow nim-invocation -- runs the test suite\n      nim r tests/all.nim\n', []],
  ];
  it.each(cases)('%s', (_name, path, given, want) => expect(found(path, given)).toEqual(want));

  it('tells how to write one', () => {
    const [finding] = lintText('a.sh', '# ct-gen-lint: allow nim-invocation\nnim c x.nim\n');
    expect(finding).toMatchObject({
      rule: BAD,
      severity: 'error',
      message: 'suppression of nim-invocation gives no reason; write `ct-gen-lint: allow <rule>[,<rule>…] -- <reason>`',
      command: '# ct-gen-lint: allow nim-invocation',
    });
    const [unknown] = lintText('a.sh', '# ct-gen-lint: allow nim -- x\n');
    expect(unknown?.message).toBe("suppression names 'nim', not a rule it can allow; known: nim-invocation, tup-nim-outside-driver, nimble-invocation");
  });
});
