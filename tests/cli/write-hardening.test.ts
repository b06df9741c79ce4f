import { execa } from 'execa';
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, symlinkSync, utimesSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { LOCK_PATH } from '../../generator/manifest.js';
import { validateModel } from '../../generator/model.js';
import { generateFiles } from '../../generator/pipeline.js';
import { applyChanges, DestinationError, fileSystemMessage, lockDestination, planChanges } from '../../generator/write.js';
import { fixture, fixtureInput } from '../support/fixture-model.js';
import { tempDir, writeTree, readTree } from '../support/tree.js';
import { deadPid, tempName } from '../write/disk.js';

/**
 * generate leaves no debris: temp files of a killed run are found and removed, a kill inside
 * the write window is recovered from without --force, concurrent runs take turns, a failed run
 * removes the folders it made, and every filesystem error names its file. Each test stays well
 * under 10 s (a handful of CLI runs); loops of many kills or races belong in the full tier. The
 * models are the small fixture (A) and a variant of it (B), each given as `--model FILE.json`.
 */

const bin = join(import.meta.dirname, '..', '..', 'bin', 'ct-gen.js');
const ctGen = (args: string[], env: Record<string, string> = {}) => execa('node', [bin, ...args], { reject: false, env });

/** Everything under `dir`: files with their content, and every folder (an empty one too). */
function tree(dir: string): { files: Record<string, string>; folders: string[] } {
  const folders: string[] = [];
  const walk = (d: string) => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      if (!e.isDirectory()) continue;
      folders.push(relative(dir, join(d, e.name)));
      walk(join(d, e.name));
    }
  };
  if (existsSync(dir)) walk(dir);
  return { files: readTree(dir), folders: folders.sort() };
}

const expected = (files: { path: string; content: string }[]) => Object.fromEntries(files.map((f) => [f.path, f.content]));


/**
 * A raw Node error line (`ENOENT: no such file…`, an `at …` frame) anywhere in the output. Not a
 * word inside a path: a temp folder's random suffix may read `-ENOBCS`.
 */
const RAW_ERRNO = /(?<![\w/.-])E[A-Z]{3,}\b|^\s+at /m;

const filesA = generateFiles(fixture);
/** Model A with one variant fewer (2 files deleted), one more (2 created) and one more switch (several files differ). */
const inputB = (() => {
  const b = structuredClone(fixtureInput) as any;
  b.tup.variants = b.tup.variants.filter((v: { dir: string }) => v.dir !== 'build-win-debug');
  b.tup.variants.push({ ...b.tup.variants[1], dir: 'build-release-b' });
  b.bundles[0].args.push('-d:ctGenModelB');
  return b;
})();
const filesB = generateFiles(validateModel(inputB));
const models = tempDir('hardening-model');
const modelAFile = join(models, 'model-a.json');
writeFileSync(modelAFile, JSON.stringify(fixtureInput));
const modelBFile = join(models, 'model-b.json');
writeFileSync(modelBFile, JSON.stringify(inputB));
const A = ['--model', modelAFile];

/** Two generated files in folders of their own. */
const [nested, other] = filesA.map((f) => f.path).filter((p) => p.includes('/') && !p.startsWith('.ct-gen/'));

/**
 * Run generate with the test hook that holds it after its Nth rename, and SIGKILL it there:
 * the destination is left exactly as a kill in the write window leaves it.
 */
async function killAfterRename(dest: string, n: number, modelArgs: string[]): Promise<void> {
  const child = spawn(process.execPath, [bin, 'generate', '--dest', dest, ...modelArgs], {
    env: { ...process.env, CT_GEN_TEST_PAUSE_AFTER_RENAME: String(n) },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  const exited = new Promise<NodeJS.Signals | null>((done) => child.on('exit', (_code, signal) => done(signal)));
  await new Promise<void>((paused, failed) => {
    child.stderr!.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
      if (stderr.includes(`paused after rename ${n} `)) paused();
    });
    child.on('exit', (code) => failed(new Error(`generate exited ${code} before rename ${n}:\n${stderr}`)));
  });
  child.kill('SIGKILL');
  expect(await exited).toBe('SIGKILL');
}

describe('generate leaves no debris', () => {
  it('check reports temp files of a dead process as drift; generate removes them and says so', async () => {
    const dest = tempDir('hardening-temps');
    // What `generate` of model A writes, manifest included.
    writeTree(dest, filesA);
    const dead = deadPid();
    const leftovers = [tempName(nested!, dead, '0123456789ab'), tempName('.ct-gen/manifest.json', dead, 'k3j5h2')];
    for (const path of leftovers) writeFileSync(join(dest, path), 'half written');
    // A live process's fresh temp file is work in progress; one older than the bound is a leftover even so.
    const live = tempName(other!, process.pid, '00000000aaaa');
    writeFileSync(join(dest, live), 'in progress');
    const check = await ctGen(['check', '--dest', dest, '--no-color', ...A]);
    expect(check.exitCode, check.stderr).toBe(1);
    for (const path of leftovers) expect(check.stderr).toContain(`${path}: leftover temp file of an interrupted ct-gen run (process ${dead})`);
    expect(check.stderr).not.toContain(live);
    expect(check.stderr).toMatch(/2 file\(s\) out of date/);

    const old = (Date.now() - 2 * 60 * 60 * 1000) / 1000;
    utimesSync(join(dest, live), old, old);
    const generate = await ctGen(['generate', '--dest', dest, ...A]);
    expect(generate.exitCode, generate.stderr).toBe(0);
    for (const path of [...leftovers, live]) {
      expect(generate.stderr).toContain(`ct-gen: removed ${path}: leftover temp file`);
      expect(existsSync(join(dest, path))).toBe(false);
    }
    expect(tree(dest).files).toEqual(expected(filesA));
    expect((await ctGen(['check', '--dest', dest, ...A])).exitCode).toBe(0);
  });

  it('after a kill in the write window, generating the previous model succeeds without --force and leaves exactly its files', async () => {
    const dest = tempDir('hardening-kill-previous');
    writeTree(dest, filesA);
    await killAfterRename(dest, 1, ['--model', modelBFile]);
    expect(existsSync(join(dest, LOCK_PATH))).toBe(true);

    const check = await ctGen(['check', '--dest', dest, '--no-color', ...A]);
    expect(check.exitCode).toBe(1);
    expect(check.stderr).toMatch(/\.ct-gen\/journal\.json: journal of a ct-gen run \(process \d+\) interrupted while it moved files into place/);
    expect(check.stderr).toMatch(/\.ct-gen\/lock: lock of a ct-gen run \(process \d+\) that is no longer running/);
    expect(check.stderr).toMatch(/\.ct-gen-\d+-[0-9a-f]{12}\.tmp: leftover temp file/);
    expect(check.stderr).not.toContain('edited by hand');

    const again = await ctGen(['generate', '--dest', dest, ...A]);
    expect(again.exitCode, again.stderr).toBe(0);
    expect(again.stderr).toMatch(/took over the lock of ct-gen process \d+, which is no longer running/);
    expect(again.stderr).not.toMatch(RAW_ERRNO);
    const after = tree(dest);
    expect(after.files).toEqual(expected(filesA));
    expect(after.folders).not.toContain('src/build-release-b');
    expect((await ctGen(['check', '--dest', dest, ...A])).exitCode).toBe(0);
  });

  it('two generates on one folder take turns on the lock: both succeed (or one names the holder), never a raw errno', async () => {
    const dest = tempDir('hardening-race');
    expect((await ctGen(['generate', '--dest', dest, '--model', modelBFile])).exitCode).toBe(0);
    const results = await Promise.all([ctGen(['generate', '--dest', dest, ...A]), ctGen(['generate', '--dest', dest, ...A])]);
    for (const result of results) {
      expect(result.stderr).not.toMatch(RAW_ERRNO);
      if (result.exitCode !== 0) {
        expect(result.exitCode).toBe(2);
        expect(result.stderr).toMatch(/^ct-gen: cannot write .*: ct-gen process \d+ is writing it/);
      }
    }
    expect(results.some((r) => r.exitCode === 0)).toBe(true);
    expect(tree(dest).files).toEqual(expected(filesA));
  });

  // The loops below are the full-tier versions of the two tests above: a kill after every rename, and 20 racing pairs.
  it('after a kill after any rename of the run, generating the new model completes it: its files exactly, no temp file, no journal', async () => {
    const renames = filesB.filter((f) => filesA.find((a) => a.path === f.path)?.content !== f.content).length;
    expect(renames).toBeGreaterThan(2);
    // The manifest is the last rename.
    expect(filesB.filter((f) => f.path !== '.ct-gen/manifest.json' && filesA.find((a) => a.path === f.path)?.content !== f.content).length).toBe(renames - 1);
    for (let n = 1; n <= renames; n++) {
      const dest = tempDir(`hardening-kill-${n}`);
      writeTree(dest, filesA);
      await killAfterRename(dest, n, ['--model', modelBFile]);
      const again = await ctGen(['generate', '--dest', dest, '--model', modelBFile]);
      expect(again.exitCode, `killed after rename ${n}: ${again.stderr}`).toBe(0);
      expect(again.stderr).not.toMatch(RAW_ERRNO);
      // Killed once every file but the manifest was renamed: the two files B no longer produces still held A's content, which the manifest on disk records, so they are deleted.
      if (n === renames - 1) expect(again.stdout).toMatch(/0 created, 1 updated, 2 deleted/);
      const after = tree(dest);
      expect(after.files, `killed after rename ${n}`).toEqual(expected(filesB));
      expect((await ctGen(['check', '--dest', dest, '--model', modelBFile])).exitCode, `killed after rename ${n}`).toBe(0);
    }
  }, 300_000);

  it('20 pairs of concurrent generates each end with the files of the model and no raw error', async () => {
    for (let pair = 0; pair < 20; pair++) {
      const dest = tempDir(`hardening-pair-${pair}`);
      const results = await Promise.all([ctGen(['generate', '--dest', dest, ...A]), ctGen(['generate', '--dest', dest, ...A])]);
      for (const result of results) {
        expect(result.stderr, `pair ${pair}`).not.toMatch(RAW_ERRNO);
        if (result.exitCode !== 0) expect(result.stderr, `pair ${pair}`).toMatch(/^ct-gen: cannot write .*: ct-gen process \d+ is writing it/);
      }
      expect(tree(dest).files, `pair ${pair}`).toEqual(expected(filesA));
    }
  }, 300_000);

  it('a live holder of the lock is waited for, then named; a dead one is taken over', async () => {
    const dest = tempDir('hardening-lock');
    mkdirSync(join(dest, '.ct-gen'));
    const holder = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 30000)']);
    try {
      writeFileSync(join(dest, LOCK_PATH), `${holder.pid}\n`);
      const waited: (number | undefined)[] = [];
      const refused = lockDestination(dest, { waitMs: 300, onWait: (pid) => waited.push(pid) });
      await expect(refused).rejects.toThrow(DestinationError);
      await expect(refused).rejects.toThrow(`cannot write ${dest}: ct-gen process ${holder.pid} is writing it (it holds ${join(dest, LOCK_PATH)})`);
      expect(waited).toEqual([holder.pid]);
    } finally {
      holder.kill('SIGKILL');
      await new Promise((done) => holder.on('exit', done));
    }
    const lock = await lockDestination(dest, { waitMs: 300 });
    expect(lock.tookOverFrom).toBe(holder.pid);
    expect(readFileSync(join(dest, LOCK_PATH), 'utf8')).toBe(`${process.pid}\n`);
    await lock.release();
    expect(tree(dest)).toEqual({ files: {}, folders: ['.ct-gen'] });
  });

  it('a write that fails (disk full) leaves no temp file, no journal and none of the folders it created', async () => {
    const dest = tempDir('hardening-full');
    // A write halfway through the files, in a folder the run created.
    const middle = Math.floor(filesA.length / 2);
    const lock = await lockDestination(dest);
    try {
      const plan = await planChanges(dest, filesA, { locked: true });
      const full = Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC', syscall: 'write' });
      const failing = applyChanges(dest, plan, {
        force: false,
        adopt: false,
        onStep: (step, _path, n) => {
          if (step === 'write' && n === middle + 1) throw full;
        },
      });
      await expect(failing).rejects.toThrow(`cannot write ${join(dest, filesA[middle]!.path)}: no space left on device`);
    } finally {
      await lock.release();
    }
    expect(tree(dest)).toEqual({ files: {}, folders: [] });
  });

  it('a real write error mid-run (a path too long for the system) exits 2 naming the file and removes the folders it made', async () => {
    // The built-in model. DEST is made so long that the journal's temp file fits under PATH_MAX (4095) but that of the
    // first generated file, `.github/workflows/ct-gen.yml`, does not, whatever the PID's length
    // (1 to 7 digits): its folders are created, then its write fails. Root ignores permissions, so
    // a read-only folder would not fail here.
    let dest = tempDir('hardening-long');
    const length = 4095 - 1 - '.ct-gen/.journal.json.ct-gen--0123456789ab.tmp'.length - 7;
    while (length - dest.length > 250) dest = join(dest, 'd'.repeat(150));
    dest = join(dest, 'd'.repeat(length - dest.length - 1));
    expect(dest.length).toBe(length);
    mkdirSync(dest, { recursive: true });
    const result = await ctGen(['generate', '--dest', dest]);
    expect(result.exitCode).toBe(2);
    expect(result.stderr).toBe(`ct-gen: cannot write ${dest}/.github/workflows/ct-gen.yml: name too long`);
    expect(readdirSync(dest)).toEqual([]);
  });

  it('a dangling DEST, or one below a file, is `cannot write …` with exit 2 and nothing is created', async () => {
    const dir = tempDir('hardening-dangling');
    symlinkSync(join(dir, 'nowhere'), join(dir, 'link'));
    writeFileSync(join(dir, 'file'), 'x');
    for (const [dest, message] of [
      [join(dir, 'link'), `cannot write ${join(dir, 'link')}: it is a symlink to ${join(dir, 'nowhere')}, which does not exist`],
      [join(dir, 'link', 'sub'), `cannot write ${join(dir, 'link', 'sub')}: ${join(dir, 'link')} is a symlink to ${join(dir, 'nowhere')}, which does not exist`],
      [join(dir, 'file', 'sub'), `cannot write ${join(dir, 'file', 'sub')}: ${join(dir, 'file')} is not a directory`],
    ]) {
      const result = await ctGen(['generate', '--dest', dest!, ...A]);
      expect(result.exitCode, dest).toBe(2);
      expect(result.stderr).toBe(`ct-gen: ${message}`);
    }
    const check = await ctGen(['check', '--dest', join(dir, 'link'), ...A]);
    expect(check.exitCode).toBe(2);
    expect(check.stderr).toMatch(/^ct-gen: cannot read .*link: it is a symlink/);
    expect(readdirSync(dir).sort()).toEqual(['file', 'link']);
    expect(statSync(join(dir, 'file')).isFile()).toBe(true);
  });

  it.runIf(existsSync('/proc/self'))('a DEST that cannot be made although its parent is there (procfs answers mkdir with ENOENT) is `cannot write …`, not a hang', async () => {
    for (const dest of ['/proc/ct-gen-absent', '/proc/ct-gen-absent/out']) {
      const result = await ctGen(['generate', '--dest', dest, ...A]);
      expect(result.exitCode, dest).toBe(2);
      expect(result.stderr, dest).toBe('ct-gen: cannot write /proc/ct-gen-absent: no such file or directory');
    }
  }, 30_000);

  it('a raw filesystem error that reaches the CLI is worded as `cannot read|write PATH: reason`', () => {
    const raw = (message: string, fields: object) => Object.assign(new Error(message), fields);
    expect(fileSystemMessage(raw("EACCES: permission denied, open '/x/y'", { code: 'EACCES', syscall: 'open', path: '/x/y' }))).toBe('cannot read /x/y: permission denied');
    expect(fileSystemMessage(raw("ENOENT: no such file or directory, lstat 'a/b'", { code: 'ENOENT', syscall: 'lstat', path: 'a/b' }))).toBe('cannot read a/b: no such file or directory');
    expect(fileSystemMessage(raw("ENOTDIR: not a directory, mkdir '/f/d'", { code: 'ENOTDIR', syscall: 'mkdir', path: '/f/d' }))).toBe('cannot write /f/d: not a directory');
    expect(fileSystemMessage(raw("EEXIST: file already exists, mkdir '/f'", { code: 'EEXIST', syscall: 'mkdir', path: '/f' }))).toBe('cannot write /f: it exists and is not a directory');
    expect(fileSystemMessage(new Error('unknown target'))).toBeUndefined();
  });
});
