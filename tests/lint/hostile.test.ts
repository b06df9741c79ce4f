import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { formatResult } from '../../lint/format/index.js';
import { exitCodeOf, lint, lintText, type LintOptions, type LintResult } from '../../lint/index.js';
import { tempDir } from '../support/tree.js';

// Files written to stop or hang the lint of a tree. Each must come out as a finding of its own
// file (`lint-incomplete`, or an ordinary one), quickly, while an ordinary file beside it is still
// linted. No timed assertions: the per-test timeout is the bound.
const QUICK = { timeout: 5000 };
const ORDINARY = 'nim c x.nim\n';

const summary = (result: LintResult | ReturnType<typeof lintText>) => ('findings' in result ? result.findings : result).map((f) => `${f.file}:${f.line}:${f.column} ${f.rule}`);
const incomplete = (result: LintResult | ReturnType<typeof lintText>) => ('findings' in result ? result.findings : result).filter((f) => f.rule === 'lint-incomplete').map((f) => `${f.file}:${f.line} ${f.message}`);

/** A scratch tree with the files given (paths may be bytes that are not UTF-8) and an ordinary `ok.sh`. */
function tree(files: Record<string, string>, raw: [Buffer, string][] = []): string {
  const root = tempDir('lint-hostile');
  for (const [path, text] of Object.entries({ ...files, 'ok.sh': ORDINARY })) {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), text);
  }
  for (const [path, text] of raw) writeFileSync(Buffer.concat([Buffer.from(`${root}/`), path]), text);
  return root;
}

const lintTree = (files: Record<string, string>, options: LintOptions = {}) => lint([tree(files)], options);

/** `A0 = nim c x.nim`, each next variable the previous one ten times over, up to A10, run by a rule. */
const makeBomb = () => {
  let text = 'A0 = nim c x.nim\n';
  for (let i = 1; i <= 10; i++) text += `A${i} = ${`$(A${i - 1})`.repeat(10)}\n`;
  return `${text}all:\n\t$(A10)\n`;
};

/** `V0 = x`, each next variable the previous one twice, 39 times: 2^39 characters. */
const tupBomb = () => {
  let text = 'V0 = x\n';
  for (let i = 1; i <= 39; i++) text += `V${i} = $(V${i - 1})$(V${i - 1})\n`;
  return `${text}: |> $(V39) |>\n`;
};

/** A command `depth` command substitutions deep: `x=$(echo $(… $(nim c x.nim)))`. */
const nested = (depth: number) => `x=${'$(echo '.repeat(depth - 1)}$(nim c x.nim${')'.repeat(depth)}\n`;

describe('a file that would hang or abort the lint', () => {
  it('a Makefile whose variables multiply: lint-incomplete, naming the variable and the limit', QUICK, () => {
    const result = lintTree({ Makefile: makeBomb() });
    expect(incomplete(result)).toEqual([
      'Makefile:13 this file could not be scanned completely: Make variable references nested deeper than 10 levels in $(A10); deeper ones expand to nothing',
      'Makefile:13 this file could not be scanned completely: Make variable expansion of $(A10) exceeds 1 MiB / 100000 steps; later references are left unexpanded',
    ]);
    expect(summary(result)).toContain('ok.sh:1:1 nim-invocation');
    expect(result.findings.find((f) => f.rule === 'lint-incomplete')).toMatchObject({ severity: 'warning', command: '' });
  });

  it('… a normal Makefile expands fully', () => {
    const text = 'NIM ?= nim\nFLAGS = -d:release\nBUILD = $(NIM) c $(FLAGS)\nOUT := out/ct\n\nall:\n\t$(BUILD) --out:$(OUT) src/ct.nim\n';
    const [finding, ...rest] = lintText('Makefile', text);
    expect(rest).toEqual([]);
    expect(finding).toMatchObject({ rule: 'nim-invocation', line: 7 });
    expect(finding?.message).toContain('nim c (via $(BUILD))');
  });

  it('a Tupfile whose variables double 39 times: lint-incomplete, not `Invalid string length`', QUICK, () => {
    const result = lintTree({ Tupfile: tupBomb() });
    expect(incomplete(result)).toEqual(['Tupfile:21 this file could not be scanned completely: Tup variable expansion of $(V19) exceeds 1 MiB / 100000 steps; later references are left unexpanded']);
    expect(summary(result)).toContain('ok.sh:1:1 nim-invocation');
  });

  it('… a Tupfile reading Tuprules.tup expands fully', () => {
    const related = { 'Tuprules.tup': 'NIM_BIN = nim\nNIM_FLAGS = -d:release\nNIM = $(NIM_BIN) $(NIM_FLAGS)\n' };
    const findings = lintText('src/Tupfile', 'include_rules\n: x.nim |> $(NIM) c %f |> x\n', { related });
    expect(findings.map((f) => `${f.line} ${f.rule}`)).toEqual(['2 tup-nim-outside-driver']);
  });

  it('Tup files that include themselves: lint-incomplete, and the rest of the file is read', QUICK, () => {
    const related = { 'loop.tup': 'include loop.tup\ninclude loop.tup\ninclude loop.tup\nNIM = nim\n' };
    const findings = lintText('Tupfile', 'include loop.tup\n: |> $(NIM) c x.nim |>\n', { related });
    expect(findings.map((f) => `${f.line} ${f.rule} ${f.message}`)).toEqual([
      '1 lint-incomplete this file could not be scanned completely: Tup includes nested deeper than 8 levels (loop.tup); the variables of deeper files are not read',
      '1 lint-incomplete this file could not be scanned completely: Tup includes read more than 256 files; the variables of later ones are not read',
      '2 tup-nim-outside-driver Tup command runs nim c (via $(NIM)) directly; compile through the driver macro',
    ]);
  });

  it('a .nix file with 6000 nested "${: lint-incomplete, not `Maximum call stack size exceeded`; the strings around it are read', QUICK, () => {
    const text = `{\n  a = "nim c a.nim";\n  deep = ${'"${'.repeat(6000)}x${'}"'.repeat(6000)};\n  b = "nim c b.nim";\n}\n`;
    const result = lintTree({ 'deep.nix': text });
    expect(summary(result)).toEqual(['deep.nix:2:8 nim-invocation', 'deep.nix:3:34 lint-incomplete', 'deep.nix:4:8 nim-invocation', 'ok.sh:1:1 nim-invocation']);
    expect(incomplete(result)).toEqual(['deep.nix:3 this file could not be scanned completely: Nix string nesting deeper than 8 levels of "${"…"}"; the strings inside are not read']);
  });

  it('… strings a few levels deep are read, nim in the innermost one too', () => {
    const findings = lintText('a.nix', 'x = "${if a then "${b "${"nim c in.nim"}"}" else ""}";\n');
    expect(findings.map((f) => `${f.line}:${f.column} ${f.rule}`)).toEqual(['1:27 nim-invocation']);
  });

  it('nim c 8 substitutions deep is reported; past 16 levels, lint-incomplete names the limit', QUICK, () => {
    expect(lintText('a.sh', nested(8)).map((f) => `${f.column} ${f.rule}`)).toEqual(['54 nim-invocation']);
    expect(lintText('a.sh', nested(16)).map((f) => f.rule)).toEqual(['nim-invocation']);
    const result = lintTree({ 'deep.sh': `${nested(20)}${ORDINARY}`, 'quoted.sh': `x="${'$(echo "'.repeat(6000)}"\n${ORDINARY}` });
    expect(summary(result)).toEqual(['deep.sh:1:117 lint-incomplete', 'deep.sh:2:1 nim-invocation', 'ok.sh:1:1 nim-invocation', 'quoted.sh:1:134 lint-incomplete']);
    expect(incomplete(result)[0]).toBe("deep.sh:1 this file could not be scanned completely: nesting deeper than 16 levels of $(…), backquotes, bash -c '…' and bash <<EOF; the commands inside are not read");
  });

  it('variables bound to one another many times over: lint-incomplete once the lookups run out', QUICK, () => {
    // L0 … L7, each bound 40 ways to the next: 40^8 paths from $L0 without a budget.
    const lines = Array.from({ length: 8 }, (_, level) => Array.from({ length: 40 }, (_, k) => `L${level}=\${L${level + 1}:-v${k}}\n`).join(''));
    const findings = lintText('a.sh', `${lines.join('')}$L0 c x.nim\nnim c y.nim\n`);
    expect(findings.map((f) => `${f.line} ${f.rule}`)).toEqual(['321 lint-incomplete', '322 nim-invocation']);
    expect(findings[0]?.message).toBe("this file could not be scanned completely: variable lookups exceed 100000; later commands are read without the file's variables");
  });

  it('parentheses 40 deep around a NimScript command: lint-incomplete; 5 deep are read', QUICK, () => {
    const deep = lintText('build.nims', `exec ${'('.repeat(40)}"nim c x.nim"${')'.repeat(40)}\nexec "nim c y.nim"\n`);
    expect(deep.map((f) => `${f.line}:${f.column} ${f.rule}`)).toEqual(['1:38 lint-incomplete', '2:7 nim-invocation']);
    expect(lintText('build.nims', `exec ${'('.repeat(5)}"nim c x.nim"${')'.repeat(5)}\n`).map((f) => f.rule)).toEqual(['nim-invocation']);
  });

  it('any other failure in one file is lint-incomplete for that file, with the error, and the other files are linted', QUICK, () => {
    // A target whose source throws the first time it is read: the first file with a compile fails, once.
    let thrown = false;
    const target = {
      name: 'ct',
      get source(): string {
        if (thrown) return 'src/ct.nim';
        thrown = true;
        throw new Error('boom');
      },
    };
    const result = lintTree({ 'a.sh': ORDINARY }, { targets: [target] });
    expect(result.findings.map((f) => `${f.file}:${f.line}:${f.column} ${f.rule} ${f.message}`)).toEqual([
      'a.sh:1:1 lint-incomplete this file could not be scanned completely: scanning stopped: boom',
      'ok.sh:1:1 nim-invocation nim c runs outside the build driver; call tools/build/build_codetracer.sh instead',
    ]);
    expect(exitCodeOf(result)).toBe(1);
  });
});

describe('file names that are not UTF-8', () => {
  const bad = Buffer.from('bad\xff.sh', 'latin1');
  const badDir = Buffer.from('d\xe9j\xe0/run.sh', 'latin1');
  const expected = ['bad\\xff.sh:1:1 nim-invocation', 'd\\xe9j\\xe0/run.sh:1:1 nim-invocation', 'ok.sh:1:1 nim-invocation'];

  it('are linted and shown with each byte that is not UTF-8 as \\xNN, without git', QUICK, () => {
    const root = tree({}, [[bad, ORDINARY]]);
    mkdirSync(Buffer.concat([Buffer.from(`${root}/`), badDir.subarray(0, badDir.indexOf('/'))]));
    writeFileSync(Buffer.concat([Buffer.from(`${root}/`), badDir]), ORDINARY);
    expect(summary(lint([root]))).toEqual(expected);
  });

  it('… and with git, in every output format', QUICK, () => {
    const root = tree({ 'named-\u00e9.sh': ORDINARY }, [[bad, ORDINARY]]);
    mkdirSync(Buffer.concat([Buffer.from(`${root}/`), badDir.subarray(0, badDir.indexOf('/'))]));
    writeFileSync(Buffer.concat([Buffer.from(`${root}/`), badDir]), ORDINARY);
    execFileSync('git', ['init', '-q'], { cwd: root });
    const result = lint([root]);
    expect(summary(result)).toEqual([...expected.slice(0, 2), 'named-\u00e9.sh:1:1 nim-invocation', 'ok.sh:1:1 nim-invocation']);
    expect(formatResult(result, 'text', root)).toMatch(/^bad\\xff\.sh:1:1 nim-invocation \[unknown\] nim c runs outside/);
    expect(JSON.parse(formatResult(result, 'json', root)).findings[0].file).toBe('bad\\xff.sh');
    expect(formatResult(result, 'github', root)).toContain('::error file=bad\\xff.sh,line=1,col=1,');
    expect(JSON.parse(formatResult(result, 'sarif', root)).runs[0].results[0].locations[0].physicalLocation.artifactLocation.uri).toBe('bad%5Cxff.sh');
  });

  it('… while allowlist globs match normal names, and the shown name', () => {
    const root = tree({}, [[bad, ORDINARY]]);
    expect(summary(lint([root], { allow: [{ glob: 'ok.sh', reason: 'r' }] }))).toEqual(['bad\\xff.sh:1:1 nim-invocation']);
    expect(summary(lint([root], { allow: [{ glob: 'bad\\xff.sh', reason: 'r' }] }))).toEqual(['ok.sh:1:1 nim-invocation']);
  });
});

describe('patterns that used to take time quadratic in their length are read in one pass', () => {
  const long = 1 << 18;
  const cases: [name: string, path: string, text: string, rules: string[]][] = [
    ['a command with a long run of blanks', 'a.sh', `nim${' '.repeat(long)}c x.nim\n`, ['nim-invocation']],
    ['a long ENV name', 'Dockerfile', `ENV ${'a'.repeat(long)}\nRUN nim c x.nim\n`, ['nim-invocation']],
    ['many RUN options', 'Dockerfile', `RUN ${'--a '.repeat(long / 4)}nim c x.nim\n`, ['nim-invocation']],
    ['${a---… as a command', 'Tupfile', `: |> \${a${'-'.repeat(long)} |>\n: |> nim c x.nim |>\n`, ['tup-nim-outside-driver']],
    ['a suppression with a long run of blanks', 'a.sh', `# ct-gen-lint: allow nim-invocation${' '.repeat(long)}.\nnim c x.nim\n`, ['bad-suppression', 'nim-invocation']],
    ['a Tupfile of blank lines', 'Tupfile', `${'\n'.repeat(long)}: |> nim c x.nim |>\n`, ['tup-nim-outside-driver']],
    ['… of carriage returns', 'Tupfile', `${'\r'.repeat(long)}\n: |> nim c x.nim |>\n`, ['tup-nim-outside-driver']],
    ['just interpolations that never close', 'justfile', `a:\n\t${'{{a'.repeat(long / 3)}\n\tnim c x.nim\n`, ['nim-invocation']],
    ['… many that do, on one line', 'justfile', `a:\n\tnim c x.nim ${'{{a}}'.repeat(long / 5)}\n`, ['nim-invocation']],
    ['… and ones a carriage return ends', 'justfile', `a:\n\t${'{{a\r'.repeat(long / 4)}}}\n\tnim c x.nim\n`, ['nim-invocation']],
    ['a workflow env value with a long run of blanks', 'a.yml', `env:\n  NIM: nim${' '.repeat(long)}x\njobs:\n  - run: nim c x.nim\n`, ['nim-invocation']],
    ['Nix bindings inside interpolations', 'a.nix', `x = "${'${a = "}'.repeat(long / 8)}";\ny = "nim c x.nim";\n`, ['lint-incomplete']],
    ['nested NimScript calls', 'build.nims', `${'exec('.repeat(long / 5)}\nexec "nim c x.nim"\n`, ['nim-invocation']],
    ['a long import statement', 'build.nims', `import a,\n${'b,\n'.repeat(long / 3)}\nexec "nim c x.nim"\n`, ['nim-invocation']],
    ['functions that never close', 'a.sh', `${'f() {\n'.repeat(long / 6)}"$@"\nnim c x.nim\n`, ['lint-incomplete', 'nim-invocation']],
    ['wrappers a thousand deep', 'a.sh', `${'watch -n 1 '.repeat(long / 11)}nim c x.nim\n${'find . -exec '.repeat(long / 13)}nim c x.nim ${'\\; '.repeat(long / 13)}\n`, ['nim-invocation']],
    ["$(shell calls that never close, and parens of the other kind", 'Makefile', `X := ${'$(shell '.repeat(long / 8)}\nY := $(shell ${'{'.repeat(long / 2)}${')'.repeat(long / 2)}\nall:\n\tnim c x.nim\n`, ['lint-incomplete', 'nim-invocation']],
    ['one continued recipe line of many references', 'Makefile', `X = y\nall:\n\tnim c x.nim ${'$(X) \\\n'.repeat(long / 8)}\n`, ['nim-invocation']],
    ['many suppressions and commands', 'a.sh', 'nim c x.nim # ct-gen-lint: allow nim-invocation -- tests\n'.repeat(long / 64), []],
  ];
  it.each(cases)('%s', QUICK, (_name, path, text, rules) => {
    expect([...new Set(lintText(path, text).map((f) => f.rule))]).toEqual(rules);
  });
});
