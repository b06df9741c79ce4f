import { describe, expect, it } from 'vitest';
import { lintText } from '../../lint/index.js';

const found = (path: string, text: string) => lintText(path, text, { nimble: true }).map((f) => `${f.line}:${f.column} ${f.rule}`);

const NIM = 'nim-invocation';
const BAD = 'bad-suppression';

describe('inline suppressions', () => {
  const cases: [name: string, path: string, given: string, want: string[]][] = [
    ['on the same line, with a reason', 'a.sh', 'nim c t.nim # ct-gen-lint: allow nim-invocation -- test helper, never shipped\n', []],
    ['on the line before', 'a.sh', '# ct-gen-lint: allow nim-invocation -- bootstraps koch\nbin/nim c koch.nim\n', []],
    ['after code, it covers only its own line', 'a.sh', 'nim c a.nim # ct-gen-lint: allow nim-invocation -- a is fine\nnim c b.nim\n', [`2:1 ${NIM}`]],
    ['two lines before is too far', 'a.sh', '# ct-gen-lint: allow nim-invocation -- too far\necho\nnim c x.nim\n', [`3:1 ${NIM}`]],
    ['before a continued command', 'a.sh', '# ct-gen-lint: allow nim-invocation -- legacy\nnim \\\n  c x.nim\n', []],
    ['without a reason it still applies but is reported', 'a.sh', 'nim c x.nim # ct-gen-lint: allow nim-invocation\n', [`1:13 ${BAD}`]],
    ['an empty reason', 'a.sh', '# ct-gen-lint: allow nim-invocation --   \nnim c x.nim\n', [`1:1 ${BAD}`]],
    ['a reason of punctuation only', 'a.sh', '# ct-gen-lint: allow nim-invocation -- ...\nnim c x.nim\n', [`1:1 ${BAD}`]],
    ['an unknown rule does not suppress', 'a.sh', '# ct-gen-lint: allow nim-invocations -- typo\nnim c x.nim\n', [`1:1 ${BAD}`, `2:1 ${NIM}`]],
    ['another rule does not suppress', 'a.sh', '# ct-gen-lint: allow nimble-invocation -- deps\nnim c x.nim\n', [`2:1 ${NIM}`]],
    ['several rules', 'a.sh', '# ct-gen-lint: allow nim-invocation, nimble-invocation -- both\nnim c x.nim && nimble build\n', []],
    ['bad-suppression cannot be allowed', 'a.sh', '# ct-gen-lint: allow bad-suppression -- no\n', [`1:1 ${BAD}`]],
    ['a malformed comment', 'a.sh', '# ct-gen-lint: disable nim-invocation\nnim c x.nim\n', [`1:1 ${BAD}`, `2:1 ${NIM}`]],
    ['a Tup macro, from the line before', 'Tuprules.tup', '# ct-gen-lint: allow tup-nim-outside-driver -- generator of the rules themselves\n!gen = |> nim e %f |>\n', []],
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
