import { execFileSync } from 'node:child_process';
import { existsSync, lstatSync, readlinkSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { formatBaseline, parseBaseline } from '../../generator/baseline/file.js';
import { BaselineInputError, type Recording, recordBaseline } from '../../generator/baseline/record.js';
import { scratchCopy, TupError } from '../../generator/baseline/tup-generate.js';
import { effectiveSettings } from '../../generator/parity/normalise.js';
import { CHECKOUT, VARIANTS, writeCheckout } from './checkout.js';

let root: string;
let recording: Recording;
const invocation = (id: string) => recording.baseline.invocations.find((i) => i.id === id);

beforeAll(() => {
  root = writeCheckout();
  recording = recordBaseline(root, VARIANTS);
});

describe('recordBaseline: the Tup build, by real tup generate', () => {
  it('records each variant\'s compiles under stable ids', () => {
    expect(recording.baseline.invocations.filter((i) => i.surface === 'tup').map((i) => i.id)).toEqual([
      'tup/debug/bin/ct', 'tup/debug/index.js',
      'tup/release/bin/ct', 'tup/release/index.js',
      'tup/win32-debug/bin/ct.exe', 'tup/win32-debug/index.js',
    ]);
  });

  it('records where tup build-<variant> runs the command and which rule wrote it', () => {
    expect(invocation('tup/debug/bin/ct')).toEqual({
      id: 'tup/debug/bin/ct', surface: 'tup', variant: 'debug', profile: 'debug', file: 'src/ct/Tupfile', line: 3, rule: '!nim_c', cwd: 'src/build-debug/ct', nim: 'nim',
      argv: ['-d:asyncBackend=asyncdispatch', '-d:nimOldCaseObjects', '--mm:refc', '--hints:off', '--path:../../..//libs/x', '--path:../../..//libs/y', '-d:debug', '--debugInfo', '-d:ssl', '--out:../bin/ct', 'c', 'main.nim'],
      output: '../bin/ct',
    });
    expect(invocation('tup/debug/index.js')).toMatchObject({ file: 'src/Tupfile', line: 3, rule: '!nim_js', cwd: 'src/build-debug', output: 'index.js' });
  });

  it('selects release flags by the variant\'s @(DEBUG)', () => {
    expect(invocation('tup/release/bin/ct')!.argv).toContain('-d:release');
    expect(invocation('tup/release/bin/ct')!.argv).not.toContain('-d:debug');
    expect(invocation('tup/release/bin/ct')).toMatchObject({ profile: 'release', cwd: 'src/build-release/ct' });
  });

  it('a win32 variant yields .exe outputs and the platform-only switch', () => {
    const exe = invocation('tup/win32-debug/bin/ct.exe')!;
    expect(exe).toMatchObject({ platform: 'windows', output: '../bin/ct.exe', line: 3, rule: '!nim_c' });
    expect(exe.argv).toContain('--passL:-lz');
    expect(invocation('tup/debug/bin/ct')!.argv).not.toContain('--passL:-lz');
    expect(invocation('tup/debug/bin/ct')).not.toHaveProperty('platform');
  });

  it('--path values reach the same directories from every working directory', () => {
    for (const id of ['tup/debug/bin/ct', 'tup/debug/index.js']) {
      const i = invocation(id)!;
      expect(effectiveSettings(i.argv, { cwd: i.cwd }).get('switch:path')?.value, id).toEqual(['libs/x', 'libs/y']);
    }
  });

  it('creates a directory a glob needs in the scratch copy only, and says so', () => {
    expect(recording.notes).toEqual(['created src/public/dist in the scratch copy for debug: a Tupfile globs over it and only the build makes it']);
    expect(existsSync(join(root, 'src/public/dist'))).toBe(false);
    expect(existsSync(join(root, 'src/build-release'))).toBe(false);
  });
});

describe('recordBaseline: other surfaces', () => {
  it('records just, Nix, script and workflow compiles with host variables as ${name}', () => {
    const others = recording.baseline.invocations.filter((i) => i.surface !== 'tup');
    expect(others).toEqual([
      { id: 'workflow:.github/workflows/ci.yml:1', surface: 'workflow', file: '.github/workflows/ci.yml', line: 6, cwd: '.', nim: 'nim', argv: ['js', '-d:nodejs', '--out:index.js', 'src/frontend/index.nim'], output: 'index.js' },
      { id: 'just:justfile:1', surface: 'just', file: 'justfile', line: 5, cwd: '.', nim: 'nim', argv: ['-d:ctRenderer', '--out:${output}', 'js', 'src/frontend/index.nim'], output: '${output}' },
      { id: 'nix:nix/ct.nix:1', surface: 'nix', file: 'nix/ct.nix', line: 5, cwd: '.', nim: '${nim}/bin/nim', argv: ['c', '-d:release', '--out:${out}/bin/ct', 'src/ct/main.nim'], output: '${out}/bin/ct' },
      { id: 'script:scripts/build.sh:1', surface: 'script', file: 'scripts/build.sh', line: 4, cwd: '.', nim: 'nim', argv: ['c', '-d:release', '--out:${DIST}/bin/ct', 'src/ct/main.nim'], output: '${DIST}/bin/ct' },
    ]);
  });

  it('leaves out files the allowlist names', () => {
    const { baseline } = recordBaseline(root, [VARIANTS[0]!], { allow: [{ glob: 'scripts/**', reason: 'bootstraps nim' }] });
    expect(baseline.invocations.map((i) => i.id)).not.toContain('script:scripts/build.sh:1');
  });
});

describe('recordBaseline: the file', () => {
  it('formats stably and reads back', () => {
    const text = formatBaseline(recording.baseline);
    expect(text.endsWith('}\n')).toBe(true);
    expect(formatBaseline(parseBaseline(text, 'baseline.json'))).toBe(text);
    expect(formatBaseline(recordBaseline(root, VARIANTS).baseline)).toBe(text);
    expect(Object.keys(JSON.parse(text))).toEqual(['recordedWith', 'invocations']);
    expect(JSON.parse(text).recordedWith.tup).toMatch(/^tup \d/);
  });

  it('names every bad field of a file that is not a baseline', () => {
    const bad = { recordedWith: { tup: 'tup' }, invocations: [{ ...recording.baseline.invocations[0], line: 0, extra: 1 }, recording.baseline.invocations[0]] };
    expect(() => parseBaseline(JSON.stringify(bad), 'b.json')).toThrow(
      ['b.json: not a baseline file:', '  invocations[0].line: Too small: expected number to be >0', '  invocations[0]: Unrecognized key: "extra"', '  invocations[1].id: duplicate id "tup/debug/bin/ct"'].join('\n'),
    );
    expect(() => parseBaseline('{', 'b.json')).toThrow(/^b\.json: not JSON \(/);
  });

  it('records the commit given, else the git HEAD of a checkout that is a work tree', () => {
    expect(recordBaseline(root, [], { commit: 'v1.2' }).baseline.commit).toBe('v1.2');
    const repo = writeCheckout();
    const git = (...args: string[]) => execFileSync('git', ['-c', 'user.name=t', '-c', 'user.email=t@t', '-C', repo, ...args], { encoding: 'utf8' }).trim();
    git('init', '-q');
    git('add', '.');
    git('commit', '-q', '-m', 'synthetic');
    expect(recordBaseline(repo, []).baseline.commit).toBe(git('rev-parse', 'HEAD'));
  });
});

describe('recordBaseline: what it refuses', () => {
  it('a directory without src/Tupfile.ini', () => {
    const empty = writeCheckout({ 'README.md': 'x\n' });
    expect(() => recordBaseline(empty, VARIANTS)).toThrow(BaselineInputError);
  });

  it('a Tupfile tup cannot parse, with tup\'s message', () => {
    const broken = writeCheckout({ ...CHECKOUT, 'src/ct/Tupfile': 'include_rules\n: main.nim |> !no_such_macro |> x\n' });
    expect(() => recordBaseline(broken, [VARIANTS[0]!])).toThrow(TupError);
    expect(() => recordBaseline(broken, [VARIANTS[0]!])).toThrow(/tup generate failed for build-debug:\n.*no_such_macro/s);
  });

  it('a variant directory that is not one name under src/', () => {
    expect(() => recordBaseline(root, [{ ...VARIANTS[0]!, dir: '../x' }])).toThrow('variant debug: directory "../x" must be one directory name under src/');
  });

  it('copies src/ with its symbolic links, without variant directories', () => {
    const scratch = scratchCopy(root);
    try {
      expect(lstatSync(join(scratch.root, 'src/ct/frontend-link')).isSymbolicLink()).toBe(true);
      expect(readlinkSync(join(scratch.root, 'src/ct/frontend-link'))).toBe('../frontend');
      expect(existsSync(join(scratch.root, 'src/build-debug'))).toBe(false);
      expect(existsSync(join(scratch.root, 'src/ct/main.nim'))).toBe(true);
    } finally {
      scratch.remove();
    }
    expect(existsSync(scratch.root)).toBe(false);
  });

  it('keeps the checkout as it was', () => {
    recordBaseline(root, [VARIANTS[0]!]);
    expect(existsSync(join(root, 'src/build-debug/tup.config'))).toBe(false);
    expect(existsSync(join(root, 'src/tup-generate.vardict'))).toBe(false);
  });
});
