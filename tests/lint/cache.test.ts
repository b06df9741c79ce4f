import { openSync, readdirSync, readFileSync, renameSync, rmSync, statSync, symlinkSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { LintCache, type LintCacheOptions } from '../../lint/cache.js';
import { lint, type LintOptions, type LintResult } from '../../lint/index.js';
import { git, tempDir, writeTree } from '../support/tree.js';

/**
 * Lint's per-file cache (lint/cache.ts) changes how long a lint takes, never what it reports: in
 * every state below, a lint with the cache gives exactly the result of one without it.
 */

const options: LintOptions = { driver: 'tools/build/driver.sh', allow: [{ glob: 'vendor/**', reason: 'third-party' }] };

/** A tree whose findings depend on other files: a runner function from a sourced helper, a Tup variable from Tuprules.tup. */
function tree(): string {
  const root = tempDir('lint-cache');
  writeTree(root, [
    { path: 'ci/lib.sh', content: 'suite() {\n  shift\n  "$@"\n}\n' },
    { path: 'ci/gate.sh', content: '#!/usr/bin/env bash\nsource "$(dirname "$0")/lib.sh"\nsuite t nim c -r tests/t_gate.nim\n' },
    { path: 'build.sh', content: '#!/bin/sh\nnim c --out:x src/x.nim\n' },
    { path: 'clean.sh', content: '#!/bin/sh\necho nothing to compile\n' },
    { path: 'Tuprules.tup', content: 'NIM_BIN = nim\n' },
    { path: 'src/Tupfile', content: 'include_rules\n: x.nim |> $(NIM_BIN) c %f |> x\n' },
    { path: 'src/app.nim', content: 'echo 1\n' },
    { path: 'vendor/make.sh', content: '#!/bin/sh\nnim c v.nim\n' },
    { path: 'docs/build.md', content: '```bash\nnim c src/x.nim\n```\n' },
  ]);
  return root;
}

/** The cache of one test: its own folder, and a clock an hour ahead, so that no file of the tree is too new to record. */
const cacheOf = (dir = tempDir('lint-cache-dir'), version = 'v1'): LintCacheOptions => ({ dir, version, now: () => Date.now() + 3_600_000 });

const shown = (result: LintResult) => ({ ...result, findings: result.findings.map((f) => ({ ...f })) });

/** Lint `root` with `cache` and without, and expect the same result; returns it. */
function same(root: string, cache: LintCacheOptions, extra: LintOptions = {}): LintResult {
  const cached = lint([root], { ...options, ...extra, cache });
  const fresh = lint([root], { ...options, ...extra });
  expect(shown(cached)).toEqual(shown(fresh));
  return cached;
}

const cacheFile = (cache: LintCacheOptions) => {
  const files = readdirSync(cache.dir).filter((name) => name.endsWith('.json'));
  expect(files).toHaveLength(1);
  return join(cache.dir, files[0]!);
};

/** Put a made-up finding into the recorded outcome of `path`: reported again only if the cache answers for that file. */
function plant(cache: LintCacheOptions, path: string): void {
  const file = cacheFile(cache);
  const stored = JSON.parse(readFileSync(file, 'utf8'));
  const key = Object.keys(stored.entries).find((k) => k.endsWith(`\0${path}`));
  expect(key, path).toBeDefined();
  stored.entries[key!].outcome = { findings: [{ line: 9, column: 9, rule: 'nim-invocation', severity: 'error', message: 'planted', command: 'planted' }] };
  writeFileSync(file, JSON.stringify(stored));
}

const planted = (result: LintResult) => result.findings.filter((f) => f.message === 'planted').map((f) => f.file);

describe('lint with a cache', () => {
  it('answers an unchanged tree from the cache, with the result of a full lint', () => {
    const root = tree();
    const cache = cacheOf();
    const first = same(root, cache);
    expect(first.findings.map((f) => f.file)).toEqual(['build.sh', 'ci/gate.sh', 'docs/build.md', 'src/Tupfile']);
    for (const path of ['build.sh', 'clean.sh', 'src/app.nim']) plant(cache, path);
    expect(planted(lint([root], { ...options, cache }))).toEqual(['build.sh', 'clean.sh', 'src/app.nim']);
  });

  it('reads a file again after an edit that keeps its size and modification time', () => {
    const root = tree();
    const path = join(root, 'build.sh');
    // A whole second, which utimes sets exactly.
    utimesSync(path, 1_700_000_000, 1_700_000_000);
    const cache = cacheOf();
    same(root, cache);
    const before = statSync(path);
    writeFileSync(path, '#!/bin/sh\nnix c --out:x src/x.nim\n');
    utimesSync(path, 1_700_000_000, 1_700_000_000);
    expect([statSync(path).size, statSync(path).mtimeMs]).toEqual([before.size, before.mtimeMs]);
    plant(cache, 'build.sh');
    const result = same(root, cache);
    expect(result.findings.map((f) => f.file)).not.toContain('build.sh');
  });

  it('reads a file again when a file its scan read changed: a sourced helper, an included Tup file', () => {
    const root = tree();
    const cache = cacheOf();
    same(root, cache);
    plant(cache, 'ci/gate.sh');
    plant(cache, 'src/Tupfile');
    writeFileSync(join(root, 'ci/lib.sh'), 'suite() {\n  echo "$1"\n}\n');
    writeFileSync(join(root, 'Tuprules.tup'), 'NIM_BIN = true\n');
    const result = same(root, cache);
    expect(planted(result)).toEqual([]);
    expect(result.findings.map((f) => f.file)).toEqual(['build.sh', 'docs/build.md']);
  });

  it('follows files added, removed, renamed, turned into links or into binaries', () => {
    const root = tree();
    const cache = cacheOf();
    same(root, cache);
    writeFileSync(join(root, 'new.sh'), '#!/bin/sh\nnim js src/y.nim\n');
    rmSync(join(root, 'docs/build.md'));
    renameSync(join(root, 'clean.sh'), join(root, 'tidy.sh'));
    rmSync(join(root, 'build.sh'));
    symlinkSync('ci/gate.sh', join(root, 'build.sh'));
    writeFileSync(join(root, 'ci/gate.sh'), Buffer.from('#!/bin/sh\n\0nim c x.nim\n'));
    const result = same(root, cache);
    expect(result.skipped).toEqual([
      { file: 'build.sh', reason: 'symlink' },
      { file: 'ci/gate.sh', reason: 'binary' },
    ]);
    expect(result.findings.map((f) => f.file)).toEqual(['new.sh', 'src/Tupfile']);
  });

  it('is its own cache for each set of options, roots and version', () => {
    const root = tree();
    const dir = tempDir('lint-cache-dir');
    same(root, cacheOf(dir));
    same(root, cacheOf(dir), { allow: [] });
    same(root, cacheOf(dir), { nimble: true });
    same(root, cacheOf(dir, 'v2'));
    expect(readdirSync(dir).filter((name) => name.endsWith('.json'))).toHaveLength(4);
  });

  it('records no file changed within the last two seconds, and uses the outcome of one older', () => {
    const root = tree();
    const cache: LintCacheOptions = { dir: tempDir('lint-cache-dir'), version: 'v1' };
    same(root, cache);
    // Every file was just written: nothing recorded, so nothing planted can be found.
    const stored = JSON.parse(readFileSync(cacheFile(cache), 'utf8'));
    expect(stored.entries).toEqual({});
    same(root, { ...cache, now: () => Date.now() + 3000 });
    plant(cache, 'build.sh');
    expect(planted(lint([root], { ...options, cache }))).toEqual(['build.sh']);
  });

  it('reads every file again when the cache file is damaged, and is not used with openFile', () => {
    const root = tree();
    const cache = cacheOf();
    same(root, cache);
    const file = cacheFile(cache);
    const stored = JSON.parse(readFileSync(file, 'utf8'));
    const key = Object.keys(stored.entries).find((k) => k.endsWith('\0build.sh'))!;
    const withFindings = (findings: unknown[]) => JSON.stringify({ ...stored, entries: { ...stored.entries, [key]: { ...stored.entries[key], outcome: { findings } } } });
    for (const damage of ['{', '[]', '{"format":1}', JSON.stringify({ ...stored, entries: { x: 1 } }), withFindings([1]), withFindings([{ line: 'one', column: 1, rule: 'r', severity: 'error', message: 'm', command: 'c' }])]) {
      writeFileSync(file, damage);
      same(root, cache);
    }
    plant(cache, 'build.sh');
    expect(planted(lint([root], { ...options, cache, openFile: openSync }))).toEqual([]);
  });

  it('lints a listed path it cannot stat as a lint without the cache does: a folder that became a file, a loop of links', () => {
    const root = tree();
    writeTree(root, [{ path: 'a/b.sh', content: '#!/bin/sh\nnim c a.nim\n' }, { path: 'd/e.sh', content: '#!/bin/sh\nnim c d.nim\n' }]);
    git(root, 'init', '-q');
    git(root, 'add', '-A');
    git(root, 'commit', '-qm', 'tree');
    const cache = cacheOf();
    expect(same(root, cache).findings.map((f) => f.file)).toContain('a/b.sh');
    // git still lists a/b.sh and d/e.sh.
    rmSync(join(root, 'a'), { recursive: true });
    writeFileSync(join(root, 'a'), 'now a file\n');
    rmSync(join(root, 'd'), { recursive: true });
    symlinkSync('d', join(root, 'd'));
    for (let run = 0; run < 2; run++) expect(same(root, cache).findings.map((f) => f.file)).not.toContain('a/b.sh');
  });

  it('reads a related file it could not read before, and keeps the findings of a file whose related path is unreadable', () => {
    const root = tree();
    writeTree(root, [
      { path: 'sub', content: 'a file where a folder is meant\n' },
      { path: 'gen/Tupfile', content: 'include ../sub/x.tup\n: x.nim |> $(NIMB) c %f |> x\n' },
      { path: 'long.sh', content: `#!/bin/sh\n. "$(dirname "$0")/${'a'.repeat(300)}.sh"\nnim c long.nim\n` },
    ]);
    const cache = cacheOf();
    const first = same(root, cache);
    expect(first.findings.filter((f) => f.file === 'long.sh').map((f) => f.rule)).toEqual(['nim-invocation']);
    expect(first.findings.map((f) => f.file)).not.toContain('gen/Tupfile');
    rmSync(join(root, 'sub'));
    writeTree(root, [{ path: 'sub/x.tup', content: 'NIMB = nim\n' }]);
    for (let run = 0; run < 2; run++) expect(same(root, cache).findings.filter((f) => f.file === 'gen/Tupfile').map((f) => f.rule)).toEqual(['tup-nim-outside-driver']);
  });

  it('records no outcome of a file it could not read: permissions and I/O errors are not the file\'s', () => {
    const options = cacheOf();
    const recorder = new LintCache(options, 'config');
    const old = { sig: 'the-signature', changedMs: 0 };
    recorder.record('k\0secret.sh', old, { error: 'EACCES' }, new Map());
    recorder.record('k\0open.sh', old, { findings: [] }, new Map());
    recorder.record('k\0helped.sh', old, { findings: [] }, new Map([['helper.sh', { sig: 'x', changedMs: Infinity }]]));
    recorder.save();
    const stored = JSON.parse(readFileSync(cacheFile(options), 'utf8'));
    expect(Object.keys(stored.entries)).toEqual(['k\0open.sh']);
  });
});
