import { chmodSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkReport } from '../../generator/check.js';
import { JOURNAL_PATH, MANIFEST_PATH, parseManifest, sha256 } from '../../generator/manifest.js';
import type { GeneratedFile } from '../../generator/types.js';
import { applyChanges, DestinationError, lockDestination, planChanges, RefusedPlanError, type ApplyOptions, type Change } from '../../generator/write.js';
import { tempDir } from '../support/tree.js';
import { deadPid, generate, kinds, put, putJournal, putManifest, state, tempName, withManifest } from './disk.js';

const report = (changes: Change[]) => checkReport(changes, { color: false, modelFiles: () => [], command: () => 'ct-gen generate' });
const manifestOn = (dest: string) => parseManifest(readFileSync(join(dest, MANIFEST_PATH), 'utf8')).manifest.files;
const isRoot = process.getuid?.() === 0;

const v1: GeneratedFile[] = [
  { path: 'a.txt', content: 'a1\n' },
  { path: 'bin/run.sh', content: 'echo 1\n', mode: 0o755 },
  { path: 'old/deep/gone.txt', content: 'gone\n' },
];
const v2: GeneratedFile[] = [
  { path: 'a.txt', content: 'a2\n' },
  { path: 'bin/run.sh', content: 'echo 1\n', mode: 0o755 },
  { path: 'new/b.txt', content: 'b\n' },
];

describe('applyChanges', () => {
  it('creates, updates and deletes (with the folders a deletion empties), then records the manifest; a second plan changes nothing', async () => {
    const dest = tempDir('apply');
    await generate(dest, withManifest(v1));
    expect(state(dest)).toEqual({
      files: {
        [MANIFEST_PATH]: { content: withManifest(v1).at(-1)!.content, mode: 0o644 },
        'a.txt': { content: 'a1\n', mode: 0o644 },
        'bin/run.sh': { content: 'echo 1\n', mode: 0o755 },
        'old/deep/gone.txt': { content: 'gone\n', mode: 0o644 },
      },
      folders: ['.ct-gen', 'bin', 'old', 'old/deep'],
    });
    put(dest, { 'old/keep.txt': 'not ct-gen\n' });
    const plan = await generate(dest, withManifest(v2));
    expect(kinds(plan)).toEqual(['update a.txt', 'unchanged bin/run.sh', 'create new/b.txt', `update ${MANIFEST_PATH}`, 'delete old/deep/gone.txt']);
    expect(state(dest)).toEqual({
      files: {
        [MANIFEST_PATH]: { content: withManifest(v2).at(-1)!.content, mode: 0o644 },
        'a.txt': { content: 'a2\n', mode: 0o644 },
        'bin/run.sh': { content: 'echo 1\n', mode: 0o755 },
        'new/b.txt': { content: 'b\n', mode: 0o644 },
        'old/keep.txt': { content: 'not ct-gen\n', mode: 0o644 },
      },
      folders: ['.ct-gen', 'bin', 'new', 'old'],
    });
    const again = await planChanges(dest, withManifest(v2));
    expect(again.changes.every((c) => c.kind === 'unchanged')).toBe(true);
    expect(report(again.changes).text).toBe('ct-gen check: up to date\n');
  });

  it('sets only the executable bit of a file whose content is already right', async () => {
    const dest = tempDir('apply-mode');
    await generate(dest, withManifest(v1));
    chmodSync(join(dest, 'bin/run.sh'), 0o640);
    const plan = await generate(dest, withManifest(v1));
    expect(kinds(plan)).toContain('mode bin/run.sh');
    expect(state(dest).files['bin/run.sh']).toEqual({ content: 'echo 1\n', mode: 0o755 });
  });

  it('removes the leftovers of dead processes and the journal of an interrupted run', async () => {
    const dest = tempDir('apply-leftovers');
    await generate(dest, withManifest(v1));
    const dead = deadPid();
    const temp = tempName('a.txt', dead);
    put(dest, { [temp]: 'half' });
    putJournal(dest, dead, { 'a.txt': ['a1\n'] });
    const plan = await generate(dest, withManifest(v1));
    expect(kinds(plan).filter((k) => k.startsWith('leftover'))).toEqual([`leftover ${JOURNAL_PATH}`, `leftover ${temp}`]);
    expect(existsSync(join(dest, temp))).toBe(false);
    expect(existsSync(join(dest, JOURNAL_PATH))).toBe(false);
  });
});

describe('applyChanges refuses a plan holding a change its options do not allow, and writes nothing', () => {
  /** Each destination is first generated from v1, then arranged; every case plans v2. */
  const cases: [string, (dest: string) => void, Partial<ApplyOptions>, string[]][] = [
    ['a generated file edited by hand', (d) => writeFileSync(join(d, 'a.txt'), 'mine\n'), {}, ['a.txt (edited by hand; needs force)']],
    ['a stale file edited by hand', (d) => writeFileSync(join(d, 'old/deep/gone.txt'), 'mine\n'), {}, ['old/deep/gone.txt (no longer generated, edited by hand; needs force)']],
    ['a file ct-gen never wrote at a generated path', (d) => put(d, { 'new/b.txt': 'theirs\n' }), {}, ['new/b.txt (not written by ct-gen; needs adopt)']],
    ['an edited file, with --adopt only', (d) => writeFileSync(join(d, 'a.txt'), 'mine\n'), { adopt: true }, ['a.txt (edited by hand; needs force)']],
    ['a foreign file, with --force only', (d) => put(d, { 'new/b.txt': 'theirs\n' }), { force: true }, ['new/b.txt (not written by ct-gen; needs adopt)']],
    [
      'all three at once: every path is named',
      (d) => {
        writeFileSync(join(d, 'a.txt'), 'mine\n');
        writeFileSync(join(d, 'old/deep/gone.txt'), 'mine\n');
        put(d, { 'new/b.txt': 'theirs\n' });
      },
      {},
      ['a.txt (edited by hand; needs force)', 'new/b.txt (not written by ct-gen; needs adopt)', 'old/deep/gone.txt (no longer generated, edited by hand; needs force)'],
    ],
  ];
  it.each(cases)('%s', async (_name, arrange, options, named) => {
    const dest = tempDir('apply-refused');
    await generate(dest, withManifest(v1));
    arrange(dest);
    // Leftovers too stay where they are: a refused plan touches nothing.
    put(dest, { [tempName('a.txt', deadPid())]: 'half' });
    const before = state(dest);
    const lock = await lockDestination(dest);
    let refused: unknown;
    try {
      const plan = await planChanges(dest, withManifest(v2), { locked: true });
      refused = await applyChanges(dest, plan, { force: false, adopt: false, ...options }).catch((error: unknown) => error);
    } finally {
      await lock.release();
    }
    expect(refused).toBeInstanceOf(RefusedPlanError);
    expect((refused as RefusedPlanError).message).toBe(`nothing was written to ${dest}; refused: ${named.join(', ')}`);
    expect((refused as RefusedPlanError).refused.map((c) => c.path)).toEqual(named.map((n) => n.split(' ')[0]));
    expect(state(dest)).toEqual(before);
  });

  it('writes them with the options they need: the edits are overwritten, the foreign file adopted, the edited stale file forgotten', async () => {
    const dest = tempDir('apply-allowed');
    await generate(dest, withManifest(v1));
    writeFileSync(join(dest, 'a.txt'), 'mine\n');
    writeFileSync(join(dest, 'old/deep/gone.txt'), 'mine\n');
    put(dest, { 'new/b.txt': 'theirs\n' });
    await generate(dest, withManifest(v2), { force: true, adopt: true });
    expect(readFileSync(join(dest, 'a.txt'), 'utf8')).toBe('a2\n');
    expect(readFileSync(join(dest, 'new/b.txt'), 'utf8')).toBe('b\n');
    expect(readFileSync(join(dest, 'old/deep/gone.txt'), 'utf8')).toBe('mine\n');
    expect(Object.keys(manifestOn(dest)).sort()).toEqual(['a.txt', 'bin/run.sh', 'new/b.txt']);
    expect(report((await planChanges(dest, withManifest(v2))).changes).ok).toBe(true);
  });

  it('an option given as anything but true does not allow', async () => {
    const dest = tempDir('apply-truthy');
    await generate(dest, withManifest(v1));
    writeFileSync(join(dest, 'a.txt'), 'mine\n');
    const plan = await planChanges(dest, withManifest(v2));
    await expect(applyChanges(dest, plan, { force: 'yes' as unknown as boolean, adopt: false })).rejects.toThrow(RefusedPlanError);
    expect(readFileSync(join(dest, 'a.txt'), 'utf8')).toBe('mine\n');
  });
});

describe('a stale file that cannot be deleted stays tracked', () => {
  /** Generate v2 over v1 while `obstruct` keeps old/deep/gone.txt from being deleted; returns the error. */
  async function generateObstructed(dest: string, obstruct: () => void): Promise<unknown> {
    const lock = await lockDestination(dest);
    try {
      const plan = await planChanges(dest, withManifest(v2), { locked: true });
      obstruct();
      return await applyChanges(dest, plan, { force: false, adopt: false }).then(
        () => undefined,
        (error: unknown) => error,
      );
    } finally {
      await lock.release();
    }
  }

  /** Every other change of v1 → v2 is written, the manifest records v2 and the file that stayed, and no journal is left. */
  function expectTracked(dest: string): void {
    expect(readFileSync(join(dest, 'a.txt'), 'utf8')).toBe('a2\n');
    expect(readFileSync(join(dest, 'new/b.txt'), 'utf8')).toBe('b\n');
    expect(manifestOn(dest)).toEqual({ ...Object.fromEntries(v2.map((f) => [f.path, sha256(f.content)])), 'old/deep/gone.txt': sha256('gone\n') });
    expect(existsSync(join(dest, JOURNAL_PATH))).toBe(false);
  }

  it.skipIf(isRoot)('in a read-only folder: the error names the path and the reason, check reports it stale, and it goes once the folder is writable', async () => {
    const dest = tempDir('apply-readonly');
    await generate(dest, withManifest(v1));
    const folder = join(dest, 'old/deep');
    try {
      const error = await generateObstructed(dest, () => chmodSync(folder, 0o555));
      expect(error).toBeInstanceOf(DestinationError);
      expect((error as Error).message).toBe(
        `cannot delete ${join(dest, 'old/deep/gone.txt')}: permission denied\n` +
          `every other change was written; that file stays in ${join(dest, MANIFEST_PATH)}, so check reports it as stale until generate deletes it`,
      );
      expect(readFileSync(join(folder, 'gone.txt'), 'utf8')).toBe('gone\n');
      expectTracked(dest);
      const check = report((await planChanges(dest, withManifest(v2))).changes);
      expect(check.ok).toBe(false);
      expect(check.text).toContain('old/deep/gone.txt: stale (no longer generated)\n');
    } finally {
      chmodSync(folder, 0o755);
    }
    await generate(dest, withManifest(v2));
    expect(existsSync(join(dest, 'old'))).toBe(false);
    expect(report((await planChanges(dest, withManifest(v2))).changes).text).toBe('ct-gen check: up to date\n');
  });

  it('replaced by a folder after planning: named with the reason, kept in the manifest, and check reports it stale once the file is back', async () => {
    const dest = tempDir('apply-undeletable');
    await generate(dest, withManifest(v1));
    const gone = join(dest, 'old/deep/gone.txt');
    const error = await generateObstructed(dest, () => {
      rmSync(gone);
      mkdirSync(gone);
      writeFileSync(join(gone, 'inside'), 'x');
    });
    expect(error).toBeInstanceOf(DestinationError);
    expect((error as Error).message).toBe(
      `cannot delete ${gone}: illegal operation on a directory\n` +
        `every other change was written; that file stays in ${join(dest, MANIFEST_PATH)}, so check reports it as stale until generate deletes it`,
    );
    expectTracked(dest);
    rmSync(gone, { recursive: true });
    writeFileSync(gone, 'gone\n');
    const check = report((await planChanges(dest, withManifest(v2))).changes);
    expect(check.ok).toBe(false);
    expect(check.text).toContain('old/deep/gone.txt: stale (no longer generated)\n');
    await generate(dest, withManifest(v2));
    expect(existsSync(join(dest, 'old'))).toBe(false);
    expect(manifestOn(dest)).toEqual(Object.fromEntries(v2.map((f) => [f.path, sha256(f.content)])));
  });

  it('several at once: each is named, the rest is deleted', async () => {
    const dest = tempDir('apply-undeletable-many');
    const stale = ['s/one.txt', 's/two.txt', 's/three.txt'];
    await generate(dest, withManifest([...v2, ...stale.map((path) => ({ path, content: `${path}\n` }))]));
    const lock = await lockDestination(dest);
    let error: unknown;
    try {
      const plan = await planChanges(dest, withManifest(v2), { locked: true });
      for (const path of ['s/one.txt', 's/three.txt']) {
        rmSync(join(dest, path));
        mkdirSync(join(dest, path, 'sub'), { recursive: true });
      }
      error = await applyChanges(dest, plan, { force: false, adopt: false }).catch((e: unknown) => e);
    } finally {
      await lock.release();
    }
    expect((error as Error).message).toBe(
      `cannot delete ${join(dest, 's/one.txt')}: illegal operation on a directory\n` +
        `cannot delete ${join(dest, 's/three.txt')}: illegal operation on a directory\n` +
        `every other change was written; those files stay in ${join(dest, MANIFEST_PATH)}, so check reports them as stale until generate deletes them`,
    );
    expect(existsSync(join(dest, 's/two.txt'))).toBe(false);
    expect(Object.keys(manifestOn(dest)).filter((p) => p.startsWith('s/'))).toEqual(['s/one.txt', 's/three.txt']);
  });

  it("one only an interrupted run's journal knew, under an unchanged manifest, is added to it", async () => {
    const dest = tempDir('apply-undeletable-journal');
    await generate(dest, withManifest(v2));
    put(dest, { 'extra.txt': 'extra\n' });
    putJournal(dest, deadPid(), { 'extra.txt': ['extra\n'] });
    const lock = await lockDestination(dest);
    let error: unknown;
    try {
      const plan = await planChanges(dest, withManifest(v2), { locked: true });
      expect(kinds(plan)).toEqual([...v2.map((f) => `unchanged ${f.path}`), `unchanged ${MANIFEST_PATH}`, 'delete extra.txt', `leftover ${JOURNAL_PATH}`]);
      rmSync(join(dest, 'extra.txt'));
      mkdirSync(join(dest, 'extra.txt', 'sub'), { recursive: true });
      error = await applyChanges(dest, plan, { force: false, adopt: false }).catch((e: unknown) => e);
    } finally {
      await lock.release();
    }
    expect((error as Error).message).toMatch(/^cannot delete .*extra\.txt: illegal operation on a directory\n/);
    expect(manifestOn(dest)).toEqual({ ...Object.fromEntries(v2.map((f) => [f.path, sha256(f.content)])), 'extra.txt': sha256('extra\n') });
    expect(existsSync(join(dest, JOURNAL_PATH))).toBe(false);
  });
});

describe('a manifest written by hand is only as trusted as its safe entries', () => {
  it('never deletes a file an unsafe entry names', async () => {
    const dir = tempDir('apply-unsafe');
    const dest = join(dir, 'dest');
    writeFileSync(join(dir, 'victim'), 'precious\n');
    putManifest(dest, { '../victim': 'precious\n' });
    await generate(dest, withManifest(v2));
    expect(readFileSync(join(dir, 'victim'), 'utf8')).toBe('precious\n');
  });
});
