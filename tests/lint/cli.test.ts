import { execa } from 'execa';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import yargs from 'yargs';
import { lintCommand } from '../../generator/cli/lint.js';
import { codetracer } from '../../model/codetracer/index.js';
import { tempDir, writeTree } from '../support/tree.js';
import { codetracerTree, expectedFindings } from './codetracer-fixture.js';

const repo = join(import.meta.dirname, '..', '..');

function fixture(tree: Record<string, string> = codetracerTree): string {
  const root = tempDir('lint-cli');
  writeTree(root, Object.entries(tree).map(([path, content]) => ({ path, content })));
  return root;
}

/** The command under yargs, as main.ts will mount it (with the global --model), run in this process. */
async function ctGenLint(args: string[]): Promise<{ code: number | undefined; stdout: string; stderr: string }> {
  const stdout: string[] = [];
  const stderr: string[] = [];
  vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => stdout.push(String(chunk)) > 0);
  vi.spyOn(process.stderr, 'write').mockImplementation((chunk) => stderr.push(String(chunk)) > 0);
  process.exitCode = undefined;
  try {
    await yargs(['lint', ...args])
      .option('model', { type: 'string', global: true })
      .command(lintCommand)
      .strict()
      .exitProcess(false)
      .fail((message, error) => {
        throw error ?? new Error(message);
      })
      .parseAsync();
  } finally {
    vi.restoreAllMocks();
  }
  const code = typeof process.exitCode === 'number' ? process.exitCode : undefined;
  process.exitCode = undefined;
  return { code, stdout: stdout.join(''), stderr: stderr.join('') };
}

afterEach(() => {
  process.exitCode = undefined;
});

describe('lintCommand', () => {
  it('prints text and exits 1 on errors', async () => {
    const { code, stdout } = await ctGenLint([fixture()]);
    expect(code).toBe(1);
    // The built-in model's targets classify the compile and give the driver call that replaces it.
    expect(stdout).toContain(
      'justfile:5:3 nim-invocation [product] nim js builds target js:ui-extension outside the build driver; call tools/build/build_codetracer.sh instead\n' +
        '    nim -d:chronicles_enabled=off -d:ctRenderer --out:{{output}} js src/frontend/ui_js.nim\n' +
        '    fix: run tools/build/build_codetracer.sh --target js:ui-extension --profile debug --output {{output}}\n',
    );
    expect(stdout.trimEnd().split('\n').at(-1)).toBe('21 errors, 2 warnings, 0 notes');
  });

  it('allows the bootstrap script through the built-in model', async () => {
    const { stdout } = await ctGenLint([fixture(), '--format', 'json']);
    const files = JSON.parse(stdout).findings.map((f: { file: string; line: number; column: number; rule: string; severity: string }) => `${f.file}:${f.line}:${f.column} ${f.rule} ${f.severity}`);
    expect(files).toEqual(expectedFindings);
  });

  it('reads the allowlist of --model', async () => {
    const modelFile = join(tempDir('lint-model'), 'model.json');
    writeFileSync(modelFile, JSON.stringify({ ...codetracer, lint: { allow: [{ glob: '{justfile,nix/**}', reason: 'migrated in a later change' }] } }));
    const { stdout } = await ctGenLint([fixture(), '--format', 'json', '--model', modelFile]);
    const files = new Set(JSON.parse(stdout).findings.map((f: { file: string }) => f.file));
    expect(files.has('justfile')).toBe(false);
    expect(files.has('nix/packages/default.nix')).toBe(false);
    expect(files.has('non-nix-build/install_nim_osx.sh')).toBe(true);
  });

  it('exits 2 on a model that does not validate', async () => {
    const modelFile = join(tempDir('lint-model'), 'model.json');
    writeFileSync(modelFile, JSON.stringify({ ...codetracer, lint: { allow: [{ glob: '/abs', reason: 'x' }] } }));
    const { code, stderr } = await ctGenLint([fixture(), '--model', modelFile]);
    expect(code).toBe(2);
    expect(stderr).toContain('lint.allow[0].glob: must be relative to the scanned root (no leading /)');
  });

  it('prints sarif and github annotations', async () => {
    const root = fixture();
    const sarif = JSON.parse((await ctGenLint([root, '--format', 'sarif'])).stdout);
    expect(sarif.version).toBe('2.1.0');
    expect(sarif.runs[0].results).toHaveLength(expectedFindings.length);
    const github = (await ctGenLint([root, '--format', 'github'])).stdout.trimEnd().split('\n');
    expect(github).toHaveLength(expectedFindings.length);
    expect(github.every((line) => /^::(error|warning) file=/.test(line))).toBe(true);
  });

  it('reports nimble with --nimble', async () => {
    const { stdout } = await ctGenLint([fixture(), '--nimble']);
    expect(stdout).toContain('justfile:25:3 nimble-invocation [unknown] nimble install runs outside the build driver');
  });

  it('exits 0 on a clean tree, printing nothing on stdout and a summary on stderr', async () => {
    const root = fixture({ 'build.sh': 'tools/build/build_codetracer.sh --target ct\n', 'justfile': 'build:\n  tools/build/build_codetracer.sh --target ct\n' });
    expect(await ctGenLint([root])).toEqual({ code: 0, stdout: '', stderr: 'ct-gen lint: no findings in 2 files\n' });
  });

  it('keeps stderr quiet in the machine formats and when there are findings', async () => {
    const clean = fixture({ 'build.sh': 'tools/build/build_codetracer.sh --target ct\n' });
    for (const format of ['json', 'sarif', 'github']) expect((await ctGenLint([clean, '--format', format])).stderr).toBe('');
    expect(JSON.parse((await ctGenLint([clean, '--format', 'json'])).stdout)).toEqual({ findings: [] });
    expect((await ctGenLint([clean, '--format', 'github'])).stdout).toBe('');
    expect((await ctGenLint([fixture()])).stderr).toBe('');
  });

  it('exits 2 naming a PATH that does not exist', async () => {
    const { code, stderr, stdout } = await ctGenLint([join(tempDir('lint-missing'), 'nope')]);
    expect(code).toBe(2);
    expect(stderr).toMatch(/^ct-gen: PATH '.*\/nope' does not exist\n$/);
    expect(stdout).toBe('');
  });

  it('refuses an unknown format', async () => {
    await expect(ctGenLint(['.', '--format', 'xml'])).rejects.toThrow(/Invalid values:[\s\S]*format/);
  });
});

/** The installed command line, once main.ts mounts the command (it runs compiled JavaScript and compiles first when stale). */
const mounted = readFileSync(join(repo, 'generator', 'cli', 'main.ts'), 'utf8').includes('lintCommand');

describe.skipIf(!mounted)('ct-gen lint (bin/ct-gen.js)', () => {
  const ctGen = (args: string[], cwd = repo) => execa('node', [join(repo, 'bin', 'ct-gen.js'), ...args], { reject: false, cwd });

  it('exits 1 with json findings, 0 on the generated tree out/, 2 on a missing PATH or a bad format', async () => {
    const root = fixture();
    const found = await ctGen(['lint', '--format', 'json'], root);
    expect(found.exitCode).toBe(1);
    expect(JSON.parse(found.stdout).findings).toHaveLength(expectedFindings.length);

    const out = await ctGen(['lint', 'out']);
    expect(out.stdout).toBe('');
    expect(out.stderr).toMatch(/^ct-gen lint: no findings in \d+ files$/);
    expect(out.exitCode).toBe(0);

    const missing = await ctGen(['lint', 'no-such-dir'], root);
    expect(missing.exitCode).toBe(2);
    expect(missing.stderr).toContain("PATH 'no-such-dir' does not exist");

    expect((await ctGen(['lint', '--format', 'xml'], root)).exitCode).toBe(2);
  });

  it('once a run recorded the model, lints without loading it, and answers unchanged files from the cache, with the output of a full lint', async () => {
    const root = fixture();
    const model = join(tempDir('lint-cli-model'), 'model.json');
    writeFileSync(model, JSON.stringify({ ...codetracer, lint: { ...codetracer.lint, allow: [] } }));
    // Lint records no file written within the last two seconds (lint/cache.ts).
    await new Promise((done) => setTimeout(done, 2100));
    const cases = [[], ['--format', 'json', '--nimble'], ['--model', model, '--format', 'sarif'], ['--no-cache', 'no-such-dir']];
    const TRACE = /^ct-gen: linted with the model recorded for [0-9a-f]{64}\n?/m;
    const traced: string[] = [];
    const fast = async (args: string[]) => {
      const run = await execa('node', [join(repo, 'bin', 'ct-gen.js'), 'lint', ...args], { reject: false, cwd: root, env: { CT_GEN_TRACE_FAST: '1' } });
      if (TRACE.test(run.stderr)) traced.push(args.join(' '));
      return { code: run.exitCode, stdout: run.stdout, stderr: run.stderr.replace(TRACE, '').trimEnd() };
    };
    const full = async (args: string[]) => {
      const run = await ctGenLint(args.map((a) => (a === 'no-such-dir' ? join(root, a) : a)).concat(args.includes('no-such-dir') ? [] : [root]));
      return { code: run.code, stdout: run.stdout.trimEnd(), stderr: run.stderr.trimEnd() };
    };
    for (const args of cases) {
      const expected = await full(args);
      // The first run loads the model and records it; the second answers from the record and the cache.
      for (let i = 0; i < 2; i++) {
        const got = await fast(args);
        expect({ ...got, stderr: got.stderr.replaceAll(join(root, 'no-such-dir'), 'no-such-dir') }, `${args.join(' ')} (run ${i + 1})`).toEqual({ ...expected, stderr: expected.stderr.replaceAll(join(root, 'no-such-dir'), 'no-such-dir') });
      }
    }
    // Every second run of a lint that ran was answered without the model; a missing PATH is the full path's to report.
    expect(new Set(traced)).toEqual(new Set(cases.slice(0, 3).map((a) => a.join(' '))));
    // An edit is seen at once.
    writeFileSync(join(root, 'extra.sh'), '#!/bin/sh\nnim c src/extra.nim\n');
    expect(await fast([])).toEqual(await full([]));
  });

  it('leaves to the full path the words yargs reads otherwise: help, and true or false after a flag', async () => {
    const root = fixture({ 'help/a.sh': '#!/bin/sh\nnim c a.nim\n', 'true/b.sh': '#!/bin/sh\nnim c b.nim\n', 'c.sh': '#!/bin/sh\nnim c c.nim\n' });
    for (const args of [['help'], ['--nimble', 'true'], ['--no-cache', 'false', 'true']]) {
      const fast = await execa('node', [join(repo, 'bin', 'ct-gen.js'), 'lint', ...args], { reject: false, cwd: root, env: { CT_GEN_TRACE_FAST: '1' } });
      const full = await execa('node', [join(repo, 'bin', 'ct-gen.js'), 'lint', ...args], { reject: false, cwd: root, env: { CT_GEN_NO_FAST_PATH: '1' } });
      expect({ code: fast.exitCode, stdout: fast.stdout, stderr: fast.stderr }, args.join(' ')).toEqual({ code: full.exitCode, stdout: full.stdout, stderr: full.stderr });
    }
  });
});
