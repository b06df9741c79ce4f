import { execa, type ResultPromise } from 'execa';
import { appendFileSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { summary, watchRunArgs } from '../../generator/cli/watch.js';
import { copyPackage } from '../support/package-copy.js';
import { tempDir } from '../support/tree.js';

/** How long one run may take on a loaded machine (it compiles the edited TypeScript first). */
const RUN_MS = 240_000;
const SUMMARY = /^\d\d:\d\d:\d\d /;

/** A watching ct-gen: everything it printed so far, and a wait for what it prints next. */
function watching(root: string, args: string[]) {
  const child: ResultPromise = execa('node', [join(root, 'bin', 'ct-gen.js'), 'generate', '--watch', ...args], { cwd: root, reject: false });
  const seen = { out: '', err: '' };
  child.stdout!.on('data', (chunk: Buffer) => (seen.out += chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => (seen.err += chunk.toString()));
  const summaries = () => seen.out.split('\n').filter((line) => SUMMARY.test(line));
  /** The `n`th summary line (1-based), once it is printed. */
  const summary = async (n: number): Promise<string> => {
    const deadline = Date.now() + RUN_MS;
    while (summaries().length < n) {
      if (child.exitCode !== null) throw new Error(`ct-gen exited (${child.exitCode}) before summary ${n}:\n${seen.out}\n${seen.err}`);
      if (Date.now() > deadline) throw new Error(`no summary ${n} after ${RUN_MS} ms:\n${seen.out}\n${seen.err}`);
      await new Promise((done) => setTimeout(done, 100));
    }
    return summaries()[n - 1]!;
  };
  return { child, seen, summaries, summary };
}

/** Save a file the way many editors do: a new file, renamed over the old one. */
function save(path: string, text: string): void {
  writeFileSync(`${path}.saving`, text);
  renameSync(`${path}.saving`, path);
}

/**
 * `ct-gen generate --watch` on a copy of the package: each save of the model or a template gives
 * one run and one summary line; a model that does not compile or validate prints its errors and
 * the watch goes on; SIGINT and SIGTERM end it with exit 0.
 */
describe('ct-gen generate --watch', () => {
  let root: string;
  let dest: string;
  let targets: string;
  let original: string;
  const flags = () => readFileSync(join(dest, 'tools', 'build', 'codetracer_flags.env'), 'utf8');

  beforeAll(() => {
    root = copyPackage('watch');
    dest = join(tempDir('watch-dest'), 'out');
    targets = join(root, 'model', 'codetracer', 'targets.ts');
    original = readFileSync(targets, 'utf8');
  });

  it('generates, regenerates after each change, survives a broken model, and exits 0 on SIGINT', async () => {
    const watch = watching(root, ['--dest', dest]);
    expect(await watch.summary(1)).toMatch(/^\d\d:\d\d:\d\d generated: 0 updated, [1-9]\d* created, 0 deleted \(\d+ ms\)$/);
    expect(watch.seen.out.split('\n')[0]).toBe(`ct-gen: generating ${dest} now and after every change of model/, generator/, lint/ (Ctrl-C stops)`);
    expect(flags()).not.toContain('ctGenWatchProbe');

    // A switch on the first target without switches of its own, in place.
    const probed = original.replace('    args: [],\n', "    args: ['-d:ctGenWatchProbe'],\n");
    expect(probed).not.toBe(original);
    writeFileSync(targets, probed);
    expect(await watch.summary(2)).toMatch(/^\d\d:\d\d:\d\d generated: [1-9]\d* updated, 0 created, 0 deleted \(\d+ ms\)$/);
    expect(flags()).toContain('-d:ctGenWatchProbe');

    // A type error: tsc's report, and the watch goes on. Not exported: the declarations stay as
    // they were, so this compile and the next check this file again, not every importer.
    appendFileSync(targets, "const broken: number = 'text';\nvoid broken;\n");
    expect(await watch.summary(3)).toMatch(/^\d\d:\d\d:\d\d not generated \(exit 2\): see the errors above; waiting for the next change$/);
    expect(watch.seen.err).toMatch(/model\/codetracer\/targets\.ts\(\d+,\d+\): error TS2322: Type 'string' is not assignable to type 'number'\./);
    expect(watch.child.exitCode).toBeNull();

    // A model that does not validate, saved by a rename: its problem at file:line:col.
    save(targets, probed.replace("source: 'src/ct/db_backend_record.nim'", "source: 'src/ct/db_backend_record.nims'"));
    expect(await watch.summary(4)).toMatch(/ not generated \(exit 2\): /);
    expect(watch.seen.err).toMatch(/^model\/codetracer\/targets\.ts:\d+:\d+: targets\["db-backend-record"\]\.source: must end with \.nim/m);
    expect(watch.child.exitCode).toBeNull();
    expect(flags()).toContain('-d:ctGenWatchProbe');

    // The next good save generates.
    save(targets, original.replace('    args: [],\n', "    args: ['-d:ctGenWatchFixed'],\n"));
    expect(await watch.summary(5)).toMatch(/ generated: [1-9]\d* updated, 0 created, 0 deleted \(\d+ ms\)$/);
    expect(flags()).toContain('-d:ctGenWatchFixed');

    // A template.
    appendFileSync(join(root, 'generator', 'families', 'driver', 'templates', 'flags.env.hbs'), '# ctGenWatchTemplate\n');
    expect(await watch.summary(6)).toMatch(/ generated: [1-9]\d* updated, 0 created, 0 deleted \(\d+ ms\)$/);
    expect(flags()).toContain('# ctGenWatchTemplate');

    watch.child.kill('SIGINT');
    const result = await watch.child;
    expect(result.exitCode).toBe(0);
    expect(watch.summaries()).toHaveLength(6);
  }, 6 * RUN_MS);

  it('a save while nothing changes the output says it is up to date; SIGTERM exits 0', async () => {
    const watch = watching(root, ['--dest', dest]);
    expect(await watch.summary(1)).toMatch(/^\d\d:\d\d:\d\d up to date \(\d+ ms\)$/);
    appendFileSync(join(root, 'model', 'codetracer', 'targets.ts'), '// a comment\n');
    expect(await watch.summary(2)).toMatch(/^\d\d:\d\d:\d\d up to date \(\d+ ms\)$/);
    watch.child.kill('SIGTERM');
    expect((await watch.child).exitCode).toBe(0);
  }, 3 * RUN_MS);

  it('SIGINT during a run lets the run finish: its line, DEST whole, then exit 0', async () => {
    // A new DEST and no cache: the first run writes every file, about a second.
    const fresh = join(tempDir('watch-interrupted'), 'out');
    const watch = watching(root, ['--dest', fresh, '--no-cache']);
    while (!watch.seen.out.includes('(Ctrl-C stops)')) await new Promise((done) => setTimeout(done, 10));
    watch.child.kill('SIGINT');
    const result = await watch.child;
    expect(result.exitCode).toBe(0);
    expect(watch.seen.err).toContain('ct-gen: stopping once the run in progress ends (Ctrl-C again stops it now)');
    expect(watch.summaries()).toHaveLength(1);
    expect(watch.summaries()[0]).toMatch(/ generated: 0 updated, [1-9]\d* created, 0 deleted \(\d+ ms\)$/);
    // Nothing of an interrupted write is left: check finds DEST as the model generates it.
    const check = await execa('node', [join(root, 'bin', 'ct-gen.js'), 'check', '--dest', fresh], { cwd: root, reject: false });
    expect(check.exitCode, check.stdout + check.stderr).toBe(0);
  }, 3 * RUN_MS);
});

describe('the line a run of --watch prints', () => {
  const at = new Date(2026, 0, 2, 12, 3, 4);
  const cases: [string, number, string, string, { errors: string; line: string }][] = [
    ['changes', 0, 'ct-gen: 47 files in out: 1 created, 2 updated, 3 deleted, 41 unchanged\n', '', { errors: '', line: '12:03:04 generated: 2 updated, 1 created, 3 deleted (140 ms)\n' }],
    ['adopted files', 0, 'ct-gen: 47 files in out: 0 created, 0 updated, 0 deleted, 45 unchanged, 2 adopted\n', '', { errors: '', line: '12:03:04 generated: 0 updated, 0 created, 0 deleted, 2 adopted (140 ms)\n' }],
    ['nothing changed', 0, 'ct-gen: 47 files in out: 0 created, 0 updated, 0 deleted, 47 unchanged\n', '', { errors: '', line: '12:03:04 up to date (140 ms)\n' }],
    [
      'notes besides the compile notice',
      0,
      'ct-gen: 47 files in out: 0 created, 0 updated, 0 deleted, 47 unchanged\n',
      'ct-gen: model or generator changed; compiling…\nct-gen: removed .x.ct-gen-1-ab.tmp: leftover temp file of an interrupted ct-gen run\n',
      { errors: 'ct-gen: removed .x.ct-gen-1-ab.tmp: leftover temp file of an interrupted ct-gen run\n', line: '12:03:04 up to date (140 ms)\n' },
    ],
    [
      'a failed run shown again without a compile',
      2,
      '',
      'ct-gen: the model or generator did not compile, and has not changed since:\nmodel/x.ts(1,1): error TS1002: Unterminated string literal.',
      { errors: 'model/x.ts(1,1): error TS1002: Unterminated string literal.\n', line: '12:03:04 not generated (exit 2): see the errors above; waiting for the next change\n' },
    ],
    ['a failed run: its errors, then the line', 2, '', 'ct-gen: model or generator changed; compiling…\nmodel/x.ts(1,1): error TS1002: Unterminated string literal.', { errors: 'model/x.ts(1,1): error TS1002: Unterminated string literal.\n', line: '12:03:04 not generated (exit 2): see the errors above; waiting for the next change\n' }],
  ];
  it.each(cases)('%s', (_name, code, stdout, stderr, want) => {
    expect(summary(code, null, stdout, stderr, 140, at)).toEqual(want);
  });
});

describe('the command line of each --watch run', () => {
  it('is generate with the options the watch was given, --no-cache included', () => {
    expect(watchRunArgs({ force: false, adopt: false, cache: true })).toEqual(['generate']);
    expect(watchRunArgs({ dest: 'out dir', model: 'm.json', force: true, adopt: true, cache: false })).toEqual(['generate', '--dest', 'out dir', '--model', 'm.json', '--force', '--adopt', '--no-cache']);
  });
});
