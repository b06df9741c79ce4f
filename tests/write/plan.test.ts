import { mkdirSync, realpathSync, symlinkSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { JOURNAL_PATH, LOCK_PATH, MANIFEST_PATH, sha256 } from '../../generator/manifest.js';
import type { GeneratedFile } from '../../generator/types.js';
import { DestinationError, planChanges, type Change } from '../../generator/write.js';
import { tempDir } from '../support/tree.js';
import { deadPid, kinds, put, putJournal, putManifest, tempName, withManifest, type OnDisk } from './disk.js';

const dead = deadPid();

interface Given {
  disk?: Record<string, OnDisk>;
  /** path → the content the manifest on disk says ct-gen wrote there. */
  manifest?: Record<string, string>;
  /** The journal of a run killed in its write window: path → contents it may have put there. */
  journal?: Record<string, string[]>;
}

describe('planChanges: one change per generated path, stale entry and leftover', () => {
  const a: GeneratedFile = { path: 'a.txt', content: 'new\n' };
  const script: GeneratedFile = { path: 'bin/run.sh', content: 'echo\n', mode: 0o755 };
  const cases: [string, Given, GeneratedFile[], Partial<Change>[]][] = [
    ['create: nothing on disk', {}, [a], [{ kind: 'create', path: 'a.txt', file: a }]],
    ['unchanged: same content', { disk: { 'a.txt': 'new\n' } }, [a], [{ kind: 'unchanged', path: 'a.txt' }]],
    ['unchanged: only the executable bit counts (0664 against 0644)', { disk: { 'a.txt': { content: 'new\n', mode: 0o664 } } }, [a], [{ kind: 'unchanged', path: 'a.txt' }]],
    ['mode: the executable bit differs', { disk: { 'bin/run.sh': 'echo\n' } }, [script], [{ kind: 'mode', path: 'bin/run.sh', file: script, oldMode: 0o644 }]],
    ['mode: executable on disk, not in the model', { disk: { 'a.txt': { content: 'new\n', mode: 0o755 } } }, [a], [{ kind: 'mode', path: 'a.txt', oldMode: 0o755 }]],
    ['update: disk holds what the manifest says ct-gen wrote', { disk: { 'a.txt': 'old\n' }, manifest: { 'a.txt': 'old\n' } }, [a], [{ kind: 'update', path: 'a.txt', old: 'old\n' }]],
    [
      "update: disk holds what an interrupted run's journal says it wrote",
      { disk: { 'a.txt': 'half\n' }, manifest: { 'a.txt': 'old\n' }, journal: { 'a.txt': ['half\n'] } },
      [a],
      [{ kind: 'update', path: 'a.txt', old: 'half\n' }, { kind: 'leftover', path: JOURNAL_PATH, what: 'journal', pid: dead }],
    ],
    ['edited: in the manifest, changed by hand since', { disk: { 'a.txt': 'mine\n' }, manifest: { 'a.txt': 'old\n' } }, [a], [{ kind: 'edited', path: 'a.txt', old: 'mine\n', file: a }]],
    ['foreign: at a generated path, never written by ct-gen', { disk: { 'a.txt': 'theirs\n' } }, [a], [{ kind: 'foreign', path: 'a.txt', old: 'theirs\n', file: a }]],
    ['delete: no longer generated, unedited', { disk: { 'a.txt': 'new\n', 'old/gone.txt': 'g\n' }, manifest: { 'a.txt': 'new\n', 'old/gone.txt': 'g\n' } }, [a], [{ kind: 'unchanged' }, { kind: 'delete', path: 'old/gone.txt', old: 'g\n' }]],
    ['stale-edited: no longer generated, edited since', { disk: { 'old/gone.txt': 'mine\n' }, manifest: { 'old/gone.txt': 'g\n' } }, [], [{ kind: 'stale-edited', path: 'old/gone.txt', old: 'mine\n' }]],
    ['a stale entry whose file is gone is no change', { manifest: { 'old/gone.txt': 'g\n' } }, [], []],
    [
      'delete: only in the journal, holding what the killed run put there',
      { disk: { 'b.txt': 'b\n' }, journal: { 'b.txt': ['b\n'] } },
      [],
      [{ kind: 'delete', path: 'b.txt', old: 'b\n' }, { kind: 'leftover', path: JOURNAL_PATH }],
    ],
    ["only in the journal and not what the killed run put there: not ct-gen's, left alone", { disk: { 'b.txt': 'theirs\n' }, journal: { 'b.txt': ['b\n'] } }, [], [{ kind: 'leftover', path: JOURNAL_PATH }]],
    [
      'leftover: the temp file of a dead process, beside a generated file',
      { disk: { 'a.txt': 'new\n', [tempName('a.txt', dead)]: 'x' } },
      [a],
      [{ kind: 'unchanged', path: 'a.txt' }, { kind: 'leftover', path: tempName('a.txt', dead), what: 'temp', pid: dead }],
    ],
    ["a live process's fresh temp file is its work in progress", { disk: { 'a.txt': 'new\n', [tempName('a.txt', process.ppid)]: 'x' } }, [a], [{ kind: 'unchanged', path: 'a.txt' }]],
    ['leftover: the lock of a dead process', { disk: { [LOCK_PATH]: `${dead}\n` } }, [], [{ kind: 'leftover', path: LOCK_PATH, what: 'lock', pid: dead }]],
    ['the manifest is rewritten whatever it holds', { disk: { 'a.txt': 'new\n', [MANIFEST_PATH]: '{"generator":"ct-gen","files":{}}' } }, withManifest([a]), [{ kind: 'unchanged', path: 'a.txt' }, { kind: 'update', path: MANIFEST_PATH }]],
  ];
  it.each(cases)('%s', async (_name, given, files, want) => {
    const dest = tempDir('plan');
    put(dest, given.disk ?? {});
    if (given.manifest) putManifest(dest, given.manifest);
    if (given.journal) putJournal(dest, dead, given.journal);
    const plan = await planChanges(dest, files);
    expect(plan.changes).toEqual(want.map((w) => expect.objectContaining(w)));
    expect(plan.warnings).toEqual([]);
  });

  it("a live process's journal and lock are its work in progress; under the lock, the journal is an interrupted run's", async () => {
    const dest = tempDir('plan-locked');
    putJournal(dest, process.ppid, {});
    put(dest, { [LOCK_PATH]: `${process.ppid}\n` });
    const unlocked = await planChanges(dest, []);
    expect(kinds(unlocked)).toEqual([]);
    expect(unlocked.warnings).toEqual([`ct-gen process ${process.ppid} is writing ${dest} (${join(dest, LOCK_PATH)}): what is compared may be half written`]);
    const locked = await planChanges(dest, [], { locked: true });
    expect(kinds(locked)).toEqual([`leftover ${JOURNAL_PATH}`]);
    expect(locked.warnings).toEqual([]);
  });

  it("a live process's temp file older than an hour is a leftover (its PID was reused)", async () => {
    const dest = tempDir('plan-old-temp');
    put(dest, { [tempName('a.txt', process.ppid)]: 'x' });
    const old = new Date(Date.now() - 2 * 60 * 60 * 1000);
    utimesSync(join(dest, tempName('a.txt', process.ppid)), old, old);
    expect(kinds(await planChanges(dest, [{ path: 'a.txt', content: 'a\n' }]))).toEqual(['create a.txt', `leftover ${tempName('a.txt', process.ppid)}`]);
  });

  it("the journal it plans to write holds every new hash and the interrupted run's, never the manifest's", async () => {
    const dest = tempDir('plan-journal');
    putJournal(dest, dead, { 'a.txt': ['half\n'], 'gone.txt': ['g\n'] });
    const files = withManifest([{ path: 'a.txt', content: 'new\n' }, { path: 'b.txt', content: 'b\n' }]);
    const plan = await planChanges(dest, files);
    expect(plan.journal).toEqual({ 'a.txt': [sha256('half\n'), sha256('new\n')], 'gone.txt': [sha256('g\n')], 'b.txt': [sha256('b\n')] });
  });

  it('drops manifest entries outside DEST with a warning and plans nothing for them', async () => {
    const dir = tempDir('plan-unsafe');
    const dest = join(dir, 'dest');
    writeFileSync(join(dir, 'victim'), 'precious\n');
    putManifest(dest, { '../victim': 'precious\n', 'a.txt': 'old\n' });
    put(dest, { 'a.txt': 'old\n' });
    const plan = await planChanges(dest, []);
    expect(kinds(plan)).toEqual(['delete a.txt']);
    expect(plan.warnings).toEqual([`${MANIFEST_PATH}: ignoring entry "../victim" (not a file inside the destination)`]);
  });

  it('treats every file as not written by ct-gen when the manifest is not JSON', async () => {
    const dest = tempDir('plan-bad-manifest');
    put(dest, { 'a.txt': 'old\n', [MANIFEST_PATH]: '{"generator": "ct-gen", "files": {' });
    const plan = await planChanges(dest, [{ path: 'a.txt', content: 'new\n' }]);
    expect(kinds(plan)).toEqual(['foreign a.txt']);
    expect(plan.warnings).toEqual([`${MANIFEST_PATH} is not valid JSON; every existing file is treated as not written by ct-gen`]);
  });
});

describe('planChanges refuses a destination it cannot use, naming the path', () => {
  const outside = realpathSync(tempDir('plan-outside'));
  const cases: [string, (dest: string) => void, string][] = [
    ['a dangling symlink on the way', (d) => symlinkSync(join(d, 'nowhere'), join(d, 'sub')), 'refusing to write sub/a.txt: sub is a dangling symlink'],
    ['a symlink leading outside DEST', (d) => symlinkSync(outside, join(d, 'sub')), `refusing to write sub/a.txt: sub is a symlink to ${outside}, outside the destination`],
    ['a file where a folder belongs', (d) => writeFileSync(join(d, 'sub'), 'x'), 'cannot write sub/a.txt: sub exists and is not a directory'],
    ['a folder where the file belongs', (d) => mkdirSync(join(d, 'sub', 'a.txt'), { recursive: true }), 'cannot write sub/a.txt: it exists and is not a regular file'],
  ];
  it.each(cases)('%s', async (_name, arrange, message) => {
    const dest = tempDir('plan-refused');
    arrange(dest);
    const planned = planChanges(dest, [{ path: 'sub/a.txt', content: 'a\n' }]);
    await expect(planned).rejects.toThrow(DestinationError);
    await expect(planned).rejects.toThrow(message);
  });

  it('DEST that is a file', async () => {
    const dest = join(tempDir('plan-dest-file'), 'file');
    writeFileSync(dest, 'x');
    await expect(planChanges(dest, [])).rejects.toThrow(`cannot read ${dest}: it exists and is not a directory`);
  });
});
