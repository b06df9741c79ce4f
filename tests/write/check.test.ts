import { describe, expect, it } from 'vitest';
import { checkReport, remedy, type ReportOptions } from '../../generator/check.js';
import type { GeneratedFile } from '../../generator/types.js';
import { planChanges, type Change } from '../../generator/write.js';
import { tempDir } from '../support/tree.js';
import { generate, put, withManifest } from './disk.js';

const options: ReportOptions = {
  color: false,
  modelFiles: (path) => [`model/${path}.ts`],
  command: ({ force, adopt }) => ['ct-gen generate', ...(adopt ? ['--adopt'] : []), ...(force ? ['--force'] : [])].join(' '),
};

const file = (path: string, content: string, mode?: number): GeneratedFile => ({ path, content, ...(mode === undefined ? {} : { mode }) });

describe('checkReport: each kind of change as its title and its diff', () => {
  const cases: [string, Change, string][] = [
    ['create', { kind: 'create', path: 'a.txt', file: file('a.txt', 'x\n') }, 'a.txt: missing; generated from model/a.txt.ts\n--- a/a.txt\n+++ b/a.txt\n@@ -0,0 +1,1 @@\n+x\n'],
    [
      'update, with three lines of context',
      { kind: 'update', path: 'b.txt', old: '1\n2\n3\n4\n5\n6\n7\n8\n9\n', file: file('b.txt', '1\n2\n3\n4\nfive\n6\n7\n8\n9\n') },
      'b.txt: differs; generated from model/b.txt.ts\n--- a/b.txt\n+++ b/b.txt\n@@ -2,7 +2,7 @@\n 2\n 3\n 4\n-5\n+five\n 6\n 7\n 8\n',
    ],
    ['edited', { kind: 'edited', path: 'e.txt', old: 'mine\n', file: file('e.txt', 'model\n') }, 'e.txt: differs (edited by hand); generated from model/e.txt.ts\n--- a/e.txt\n+++ b/e.txt\n@@ -1,1 +1,1 @@\n-mine\n+model\n'],
    [
      'foreign',
      { kind: 'foreign', path: 'f.txt', old: 'theirs\n', file: file('f.txt', 'model\n') },
      'f.txt: exists and was not written by ct-gen; generated from model/f.txt.ts\n--- a/f.txt\n+++ b/f.txt\n@@ -1,1 +1,1 @@\n-theirs\n+model\n',
    ],
    ['mode, wanted executable', { kind: 'mode', path: 'run.sh', oldMode: 0o644, file: file('run.sh', 'x', 0o755) }, 'run.sh: mode is 0644; the model wants it executable; generated from model/run.sh.ts\n'],
    ['mode, wanted not executable', { kind: 'mode', path: 'a.txt', oldMode: 0o775, file: file('a.txt', 'x') }, 'a.txt: mode is 0775; the model wants it not executable; generated from model/a.txt.ts\n'],
    ['delete: no model file stands behind it', { kind: 'delete', path: 'old.txt', old: 'old\n' }, 'old.txt: stale (no longer generated)\n--- a/old.txt\n+++ b/old.txt\n@@ -1,1 +0,0 @@\n-old\n'],
    ['stale-edited', { kind: 'stale-edited', path: 'old.txt', old: 'mine\n' }, 'old.txt: stale (no longer generated)\n--- a/old.txt\n+++ b/old.txt\n@@ -1,1 +0,0 @@\n-mine\n'],
    ['leftover temp file', { kind: 'leftover', path: '.a.ct-gen-7-ab.tmp', what: 'temp', pid: 7 }, '.a.ct-gen-7-ab.tmp: leftover temp file of an interrupted ct-gen run (process 7)\n'],
    ['leftover journal', { kind: 'leftover', path: '.ct-gen/journal.json', what: 'journal', pid: 7 }, '.ct-gen/journal.json: journal of a ct-gen run (process 7) interrupted while it moved files into place\n'],
    ['leftover lock of an unknown process', { kind: 'leftover', path: '.ct-gen/lock', what: 'lock', pid: undefined }, '.ct-gen/lock: lock of a ct-gen run that is no longer running\n'],
  ];
  it.each(cases)('%s', (_name, change, described) => {
    const report = checkReport([{ kind: 'unchanged', path: 'same.txt' }, change], options);
    expect(report.ok).toBe(false);
    expect(report.text).toBe(`${described}ct-gen check: 1 file(s) out of date; to bring them in line with the model, run:\n${remedy([change], options)}`);
  });
});

describe('checkReport: the verdict', () => {
  it('is up to date when every change is `unchanged`, or there is none', () => {
    expect(checkReport([], options)).toEqual({ ok: true, text: 'ct-gen check: up to date\n' });
    expect(checkReport([{ kind: 'unchanged', path: 'a' }, { kind: 'unchanged', path: 'b' }], options)).toEqual({ ok: true, text: 'ct-gen check: up to date\n' });
  });

  it('lists the files without their content when none of them is there (a new or mistyped DEST)', () => {
    const changes: Change[] = [
      { kind: 'create', path: 'a', file: file('a', 'a\n') },
      { kind: 'create', path: 'd/b', file: file('d/b', 'b\n') },
    ];
    expect(checkReport(changes, options)).toEqual({
      ok: false,
      text: `a: missing; generated from model/a.ts\nd/b: missing; generated from model/d/b.ts\nct-gen check: none of the 2 file(s) the model generates is there; to generate them, run:\n${remedy(changes, options)}`,
    });
  });

  it('counts every problem and lists them in the order of the plan', () => {
    const changes: Change[] = [
      { kind: 'create', path: 'a', file: file('a', 'a\n') },
      { kind: 'unchanged', path: 'b' },
      { kind: 'delete', path: 'c', old: 'c\n' },
    ];
    const { ok, text } = checkReport(changes, options);
    expect(ok).toBe(false);
    expect(text.indexOf('a: missing')).toBeLessThan(text.indexOf('c: stale'));
    expect(text).not.toContain('b:');
    expect(text).toContain('ct-gen check: 2 file(s) out of date;');
  });

  it('colours the diff only when asked', () => {
    const change: Change = { kind: 'edited', path: 'e', old: 'mine\n', file: file('e', 'model\n') };
    expect(checkReport([change], options).text).not.toContain('\x1b[');
    const coloured = checkReport([change], { ...options, color: true }).text;
    expect(coloured).toContain('\x1b[1me: differs (edited by hand); generated from model/e.ts\x1b[0m\n');
    expect(coloured).toContain('\x1b[31m-mine\x1b[0m\n\x1b[32m+model\x1b[0m\n');
  });
});

describe('remedy: the command carries the flags generate needs, and says what each does', () => {
  it('points at the diffs above, or at check when none was printed', () => {
    const foreign: Change[] = [{ kind: 'foreign', path: 'a', old: '', file: file('a', 'x') }];
    expect(remedy(foreign, options)).toContain('it gets the generated content shown above and');
    expect(remedy(foreign, options, false)).toContain('it gets the generated content (ct-gen check shows it) and');
  });

  const cases: [string, Change[], string[]][] = [
    ['no flag for what any run does', [{ kind: 'create', path: 'a', file: file('a', '') }, { kind: 'delete', path: 'b', old: '' }, { kind: 'mode', path: 'c', oldMode: 0o644, file: file('c', '', 0o755) }], ['  ct-gen generate']],
    ['--adopt for a foreign file', [{ kind: 'foreign', path: 'a', old: '', file: file('a', 'x') }], ['  ct-gen generate --adopt', '--adopt takes over 1 file that ct-gen did not write: it gets the generated content shown above and is recorded in the manifest.']],
    [
      '--force for edited files',
      [
        { kind: 'edited', path: 'a', old: '', file: file('a', 'x') },
        { kind: 'edited', path: 'b', old: '', file: file('b', 'x') },
      ],
      ['  ct-gen generate --force', '--force overwrites 2 files edited by hand. To keep an edit instead, move it into the model file named beside the file and run the command without --force.'],
    ],
    [
      '--force for an edited stale file',
      [{ kind: 'stale-edited', path: 'a', old: 'x' }],
      ['  ct-gen generate --force', '--force stops tracking 1 file the model no longer produces, edited since ct-gen wrote it; it stays in place (delete what is not needed).'],
    ],
    [
      'both, and leftovers',
      [
        { kind: 'foreign', path: 'a', old: '', file: file('a', 'x') },
        { kind: 'stale-edited', path: 'b', old: 'x' },
        { kind: 'leftover', path: 'l', what: 'lock', pid: 1 },
        { kind: 'leftover', path: 'm', what: 'journal', pid: 1 },
      ],
      [
        '  ct-gen generate --adopt --force',
        '--adopt takes over 1 file that ct-gen did not write: it gets the generated content shown above and is recorded in the manifest.',
        'It removes 2 leftovers of interrupted ct-gen runs (no flag needed).',
        '--force stops tracking 1 file the model no longer produces, edited since ct-gen wrote it; it stays in place (delete what is not needed).',
      ],
    ],
  ];
  it.each(cases)('%s', (_name, changes, lines) => expect(remedy(changes, options)).toBe(lines.map((l) => `${l}\n`).join('')));
});

describe('check on a real destination', () => {
  it('reports each kind a plan finds there', async () => {
    const dest = tempDir('check');
    await generate(dest, withManifest([file('kept.txt', 'k\n'), file('edited.txt', 'e\n'), file('stale.txt', 's\n'), file('gone.txt', 'g\n')]));
    put(dest, { 'edited.txt': 'mine\n', 'foreign.txt': 'theirs\n', 'stale.txt': 'mine\n' });
    const plan = await planChanges(dest, withManifest([file('kept.txt', 'k\n'), file('edited.txt', 'e2\n'), file('foreign.txt', 'f\n'), file('new.txt', 'n\n')]));
    const { ok, text } = checkReport(plan.changes, options);
    expect(ok).toBe(false);
    const titles = text.split('\n').filter((line) => /^[a-z.][^ ]*: /.test(line));
    expect(titles).toEqual([
      'edited.txt: differs (edited by hand); generated from model/edited.txt.ts',
      'foreign.txt: exists and was not written by ct-gen; generated from model/foreign.txt.ts',
      'new.txt: missing; generated from model/new.txt.ts',
      '.ct-gen/manifest.json: differs; generated from model/.ct-gen/manifest.json.ts',
      'stale.txt: stale (no longer generated)',
      'gone.txt: stale (no longer generated)',
    ]);
    expect(text).toContain('ct-gen check: 6 file(s) out of date; to bring them in line with the model, run:\n  ct-gen generate --adopt --force\n');
  });
});
