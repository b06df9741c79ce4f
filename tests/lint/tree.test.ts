import { constants, mkdirSync, openSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { codetracer } from '../../model/codetracer/index.js';
import { validateModel } from '../../generator/model.js';
import { generateFiles } from '../../generator/pipeline.js';
import { exitCodeOf, lint, LintInputError, type LintOptions, type LintResult } from '../../lint/index.js';
import { formatResult } from '../../lint/format/index.js';
import { git, tempDir, writeTree } from '../support/tree.js';
import { model } from '../support/model.js';
import { codetracerTree, expectedFindings } from './codetracer-fixture.js';

const asFiles = (tree: Record<string, string>) => Object.entries(tree).map(([path, content]) => ({ path, content, mode: content.startsWith('#!') ? 0o755 : 0o644 }));
const summary = (result: LintResult) => result.findings.map((f) => `${f.file}:${f.line}:${f.column} ${f.rule} ${f.severity}`);
const bootstrapAllowed: LintOptions = { driver: model.layout.driver, allow: [{ glob: 'non-nix-build/install_nim_osx.sh', reason: 'builds nim itself' }] };

function fixture(extra: Record<string, string> = {}): string {
  const root = tempDir('lint');
  writeTree(root, asFiles({ ...codetracerTree, ...extra }));
  return root;
}

describe('a Codetracer-shaped tree', () => {
  let root: string;
  let result: LintResult;
  beforeAll(() => {
    root = fixture();
    result = lint([root], bootstrapAllowed);
  });

  it('reports every invocation outside the driver and nothing else', () => {
    expect(summary(result)).toEqual(expectedFindings);
    expect(exitCodeOf(result)).toBe(1);
  });

  it('reads the files it can classify, and never the driver or allowed files', () => {
    expect(result.scanned).toBe(Object.keys(codetracerTree).length - 3); // not the driver, the allowed bootstrap, the .nim source
    expect(result.skipped).toEqual([]);
  });

  it('reports the allowed bootstrap script once the allowlist is gone, through its relative bin/nim, as a note: koch is the Nim compiler, not Codetracer', () => {
    const bare = lint([root]);
    expect(summary(bare)).toContain('non-nix-build/install_nim_osx.sh:5:3 nim-invocation note');
    expect(bare.findings.find((f) => f.file === 'non-nix-build/install_nim_osx.sh')?.class).toBe('external');
  });

  it('reports nimble only with --nimble', () => {
    const withNimble = summary(lint([root], { ...bootstrapAllowed, nimble: true }));
    expect(withNimble.filter((f) => !expectedFindings.includes(f))).toEqual(['justfile:25:3 nimble-invocation error']);
    expect(withNimble).toHaveLength(expectedFindings.length + 1);
  });

  it('prints json relative to the scanned root, and sarif', async () => {
    const json = formatResult(result, 'json', root);
    expect(JSON.parse(json).findings[0]).toEqual({
      file: '.github/workflows/codetracer.yml',
      line: 16,
      column: 11,
      rule: 'nim-invocation',
      severity: 'error',
      message: 'nim js runs outside the build driver; call tools/build/build_codetracer.sh instead',
      command: 'nix develop --command nim js src/frontend/ui_js.nim',
      // Without the model's targets nothing is a product: the fix says how to add a target or allow the compile.
      class: 'unknown',
      fix:
        "no target of the model compiles src/frontend/ui_js.nim: add one to the model's targets (name, kind, source, output, bundles) and call tools/build/build_codetracer.sh --target <name>, " +
        "or allow it in the model: lint.allow entry { glob: '.github/workflows/codetracer.yml', sources: ['src/frontend/ui_js.nim'], reason: '…' }",
      suppress: '# ct-gen-lint: allow nim-invocation -- <reason> on the line of the command or the line before it (docs/lint.md, Allowed places)',
    });
    await expect(json).toMatchFileSnapshot('../../snapshots/lint/codetracer-tree.json');
    const sarif = formatResult(result, 'sarif', root).replace(`file://${root}/`, 'file:///codetracer/');
    await expect(sarif).toMatchFileSnapshot('../../snapshots/lint/codetracer-tree.sarif');
  });

  it('is clean with the model’s own allowlist once the legacy invocations are gone', () => {
    const migrated = fixture();
    for (const f of expectedFindings) writeFileSync(join(migrated, f.split(':')[0]!), '');
    const clean = lint([migrated], { driver: model.layout.driver, allow: validateModel(codetracer).lint.allow });
    expect(summary(clean)).toEqual([]);
    expect(exitCodeOf(clean)).toBe(0);
  });

  it('exits 0 when only warnings remain', () => {
    const docs = tempDir('lint-docs');
    writeTree(docs, asFiles({ 'docs/building.md': codetracerTree['docs/building.md']! }));
    const warned = lint([docs]);
    expect(summary(warned)).toEqual(['docs/building.md:6:1 nim-invocation warning', 'docs/building.md:11:3 nim-invocation warning']);
    expect(exitCodeOf(warned)).toBe(0);
  });
});

describe('the generated tree', () => {
  it('runs nim only in the driver', () => {
    const dest = tempDir('lint-generated');
    writeTree(dest, generateFiles(model));
    const result = lint([dest], { driver: model.layout.driver });
    expect(summary(result)).toEqual([]);
    expect(readFileSync(join(dest, model.layout.driver), 'utf8')).toMatch(/nim/);
  });
});

describe('which files are read', () => {
  it('honours .gitignore inside a git checkout, and reads untracked files that are not ignored', () => {
    const root = fixture({ '.gitignore': 'generated/\n', 'generated/old-build.sh': 'nim c x.nim\n', 'new-script.sh': 'nim js y.nim\n' });
    git(root, 'init', '-q');
    git(root, 'add', 'justfile');
    const files = new Set(lint([root], bootstrapAllowed).findings.map((f) => f.file));
    expect(files.has('generated/old-build.sh')).toBe(false);
    expect(files.has('new-script.sh')).toBe(true);
    expect(files.has('justfile')).toBe(true);
    expect(new Set(lint([join(root, 'generated')]).findings.map((f) => f.file))).toEqual(new Set(['old-build.sh']));
  });

  it('walks a tree outside git, where .gitignore means nothing', () => {
    const root = fixture({ '.gitignore': 'generated/\n', 'generated/old-build.sh': 'nim c x.nim\n' });
    expect(lint([root]).findings.map((f) => f.file)).toContain('generated/old-build.sh');
  });

  for (const inGit of [false, true]) {
    it(`never follows a symbolic link out of the root${inGit ? ' (git checkout)' : ''}`, () => {
      const outside = tempDir('lint-outside');
      writeFileSync(join(outside, 'evil.sh'), 'nim c evil.nim\n');
      const root = tempDir('lint-links');
      mkdirSync(join(root, 'scripts'));
      writeFileSync(join(root, 'scripts/ok.sh'), 'echo ok\n');
      symlinkSync(join(outside, 'evil.sh'), join(root, 'scripts/linked.sh'));
      symlinkSync(outside, join(root, 'linked-dir'));
      if (inGit) git(root, 'init', '-q');
      const result = lint([root]);
      expect(result.findings).toEqual([]);
      expect(result.skipped).toEqual(expect.arrayContaining([{ file: 'scripts/linked.sh', reason: 'symlink' }]));
      expect(result.scanned).toBe(1);
    });
  }

  it('skips binary and very large files', () => {
    const root = tempDir('lint-binary');
    writeFileSync(join(root, 'prebuilt.sh'), Buffer.concat([Buffer.from('nim c x.nim\n'), Buffer.from([0, 1, 2])]));
    writeFileSync(join(root, 'huge.sh'), `nim c x.nim\n${'#'.repeat(4096)}\n`);
    const result = lint([root], { maxFileBytes: 1024 });
    expect(result.findings).toEqual([]);
    expect(result.skipped).toHaveLength(2);
    expect(result.skipped).toEqual(expect.arrayContaining([{ file: 'prebuilt.sh', reason: 'binary' }, { file: 'huge.sh', reason: 'too-large' }]));
  });

  /** fs.openSync, but EACCES for the paths given, as for a file without read permission. */
  const denying =
    (...denied: string[]): LintOptions['openFile'] =>
    (path, flags) => {
      if (denied.includes(path.toString())) throw Object.assign(new Error(`EACCES: permission denied, open '${path}'`), { code: 'EACCES' });
      return openSync(path, flags);
    };

  it('reports a file it may not open as a finding and goes on', () => {
    const root = fixture();
    const result = lint([root], { ...bootstrapAllowed, openFile: denying(join(root, 'justfile')) });
    expect(summary(result)).toContain('justfile:1:1 unreadable-file error');
    expect(result.findings.find((f) => f.rule === 'unreadable-file')?.message).toBe('cannot read this file (EACCES), so it was not checked');
    expect(summary(result)).toContain('nix/packages/default.nix:10:7 nim-invocation error');
    expect(summary(result).filter((f) => f.startsWith('justfile:'))).toEqual(['justfile:1:1 unreadable-file error']);
  });

  it('reports a file without read permission, as the only finding of its tree', () => {
    const root = tempDir('lint-perm');
    writeFileSync(join(root, 'secret.sh'), 'nim c x.nim\n');
    const result = lint([root], { openFile: denying(join(root, 'secret.sh')) });
    expect(summary(result)).toEqual(['secret.sh:1:1 unreadable-file error']);
    expect(exitCodeOf(result)).toBe(1);
    expect(result.scanned).toBe(0);
  });

  it('reports a file whose read fails once it is open', () => {
    const root = tempDir('lint-read-error');
    writeFileSync(join(root, 'build.sh'), 'nim c x.nim\n');
    // A descriptor open for writing only: fstat works, read fails with EBADF.
    const result = lint([root], { openFile: (path) => openSync(path, constants.O_WRONLY) });
    expect(result.findings.map((f) => `${f.file} ${f.rule} ${f.message}`)).toEqual(['build.sh unreadable-file cannot read this file (EBADF), so it was not checked']);
  });
});

describe('PATH arguments', () => {
  it('names a PATH that does not exist', () => {
    expect(() => lint(['no/such/dir'], { cwd: tempDir('lint-cwd') })).toThrow(new LintInputError("PATH 'no/such/dir' does not exist"));
  });

  it('names a PATH that is a symbolic link in a loop, or to nothing, as that', () => {
    const cwd = tempDir('lint-links');
    symlinkSync('self', join(cwd, 'self'));
    symlinkSync('gone/dir', join(cwd, 'dangling'));
    symlinkSync('dangling', join(cwd, 'chain'));
    expect(() => lint(['self'], { cwd })).toThrow(new LintInputError("PATH 'self' is a symbolic link in a loop"));
    expect(() => lint(['dangling'], { cwd })).toThrow(new LintInputError("PATH 'dangling' is a symbolic link that leads to nothing (it points to 'gone/dir')"));
    expect(() => lint(['chain'], { cwd })).toThrow(new LintInputError("PATH 'chain' is a symbolic link that leads to nothing (it points to 'dangling')"));
  });

  it('places a file PATH relative to the working directory, so allowlist globs apply', () => {
    const root = fixture();
    const single = lint(['non-nix-build/build_with_nim.sh'], { cwd: root });
    expect(single.base).toBe(root);
    expect(summary(single)).toEqual(expectedFindings.filter((f) => f.startsWith('non-nix-build/build_with_nim.sh')));
    expect(lint(['non-nix-build/install_nim_osx.sh'], { cwd: root, ...bootstrapAllowed }).findings).toEqual([]);
  });

  it('reports several PATHs relative to the working directory', () => {
    const root = fixture();
    const result = lint(['src', 'Dockerfile'], { cwd: root });
    expect(result.base).toBe(root);
    expect(summary(result)).toEqual(expectedFindings.filter((f) => f.startsWith('src/') || f.startsWith('Dockerfile')).sort());
  });

  it('lints the working directory by default', () => {
    const root = fixture();
    expect(summary(lint([], { cwd: root, ...bootstrapAllowed }))).toEqual(expectedFindings);
  });
});
