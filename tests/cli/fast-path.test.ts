import { execa } from 'execa';
import { appendFileSync, chmodSync, cpSync, existsSync, lstatSync, mkdirSync, readdirSync, readFileSync, readlinkSync, renameSync, rmSync, symlinkSync, truncateSync, utimesSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { checkoutInputs } from '../../generator/checkout.js';
import { JOURNAL_PATH, LOCK_PATH, MANIFEST_PATH, sha256 } from '../../generator/manifest.js';
import { fixture, fixtureInput } from '../support/fixture-model.js';
import { copyPackage } from '../support/package-copy.js';
import { tempDir } from '../support/tree.js';
import { tempName } from '../write/disk.js';

const tracer = join(import.meta.dirname, '..', 'support', 'loaded-modules.mjs');
/** What bin/ct-gen.js prints on stderr under CT_GEN_TRACE_FAST=1 when the generation cache answered. */
const MARKER = /^ct-gen: answered from the generation cache \([0-9a-f]{64}\)$/;
/** What check and generate print under CT_GEN_TRACE_FAST=1 when they planned from the files stored for the key. */
const STORED = /^ct-gen: used the generation stored for [0-9a-f]{64}$/;
/** A PID above Linux's largest pid_max: never a running process. */
const DEAD_PID = 2 ** 22 + 1;

/**
 * The generation cache (ARCHITECTURE.md, "Start-up"): bin/ct-gen.js answers `check` and
 * `generate` without loading dist/ when DEST is up to date, and any other run with a recorded key
 * plans from the stored files instead of the model. Every case runs the same command on the same
 * DEST state twice, once with the cache turned off (CT_GEN_NO_FAST_PATH=1: generated from the
 * model) and once with it allowed, and the two answers — stdout, stderr, exit code, and the files
 * on disk afterwards — must be equal; whether the cache answered, or the stored files were used,
 * is read from CT_GEN_TRACE_FAST's lines. In a copy of the package (its own dist/ and cache),
 * since templates and sources get edited. The states of a destination are cases of the small
 * fixture model given as `--model FILE.json` (a full run of it costs half of one of Codetracer's);
 * what depends on the built-in model (no `--model`, its sources edited) uses that.
 */
describe('the generation cache answers only when the full path would say up to date', () => {
  let copy: string;
  let bin: string;
  /** Filled by generate once: each case copies it to `dest` and changes it. */
  let pristine: string;
  let work: string;
  let dest: string;
  let paths: string[];
  /** The fixture model as a JSON file, and a destination generated from it, with its files as above. */
  let fx: string;
  let fxPristine: string;
  let fxPaths: string[];
  let fxExecutable: string;
  let fxPlain: string;

  const run = (args: readonly string[], fast: boolean, cwd = work) =>
    execa('node', [bin, ...args], { reject: false, cwd, env: { CT_GEN_TRACE_FAST: '1', CT_GEN_NO_FAST_PATH: fast ? '' : '1' } });

  /** Every entry under `dir` by relative path: a directory, a symlink and its target, or a file's executable bit and sha256. */
  function files(dir: string): Record<string, string> {
    const out: Record<string, string> = {};
    const walk = (rel: string) => {
      for (const name of readdirSync(join(dir, rel)).sort()) {
        const path = rel === '' ? name : `${rel}/${name}`;
        const info = lstatSync(join(dir, path));
        if (info.isSymbolicLink()) out[path] = `-> ${readlinkSync(join(dir, path))}`;
        else if (info.isDirectory()) {
          out[path] = 'dir';
          walk(path);
        } else out[path] = `${info.mode & 0o111 ? 'x' : '-'} ${sha256(readFileSync(join(dir, path), 'utf8'))}`;
      }
    };
    walk('');
    return out;
  }

  /** `prepare` applied to a fresh copy of `from` at `at`, then `args` run: the answer, and whether the cache gave it. */
  async function answer(args: readonly string[], fast: boolean, prepare: (dir: string) => void, from: string, at: string, cwd?: string) {
    rmSync(at, { recursive: true, force: true });
    cpSync(from, at, { recursive: true, verbatimSymlinks: true });
    prepare(at);
    const result = await run(args, fast, cwd);
    const stderr = result.stderr.split('\n');
    return {
      cached: stderr.some((line) => MARKER.test(line)),
      stored: stderr.some((line) => STORED.test(line)),
      exitCode: result.exitCode,
      stdout: result.stdout,
      stderr: stderr.filter((line) => !MARKER.test(line) && !STORED.test(line)).join('\n'),
      files: files(at),
    };
  }

  /**
   * Runs `args` on the state `prepare` makes, without the cache and with it: the answers must be
   * equal. Returns the answer from the model, whether bin/ct-gen.js answered the second run, and
   * whether that run used the stored files.
   */
  async function compare(args: readonly string[], prepare: (dir: string) => void = () => {}, options: { from?: string; at?: string; cwd?: string; full?: Awaited<ReturnType<typeof answer>> } = {}) {
    const [from, at] = [options.from ?? pristine, options.at ?? dest];
    const full = options.full ?? (await answer(args, false, prepare, from, at, options.cwd));
    const fast = await answer(args, true, prepare, from, at, options.cwd);
    expect(full.cached).toBe(false);
    expect(full.stored).toBe(false);
    const { cached, stored, ...given } = fast;
    const { cached: _, stored: __, ...expected } = full;
    expect(given, `${args.join(' ')}: the answer with the cache allowed`).toEqual(expected);
    return { full: expected, cached, stored };
  }

  /** Check and generate on one state: both answers equal the full path's; whether the cache answered each. */
  async function both(prepare: (dir: string) => void = () => {}, extra: readonly string[] = [], options: { from?: string } = {}) {
    const check = await compare(['check', '--dest', dest, ...extra], prepare, options);
    const generate = await compare(['generate', '--dest', dest, ...extra], prepare, options);
    return { check, generate };
  }

  /** `both` on a state of a destination generated from the fixture model. */
  const onFixture = (prepare: (dir: string) => void = () => {}) => both(prepare, ['--model', fx], { from: fxPristine });

  /** The generated paths of a destination (its manifest's), one executable and one plain file in a directory. */
  function generated(dir: string) {
    const manifest = JSON.parse(readFileSync(join(dir, MANIFEST_PATH), 'utf8')) as { files: Record<string, string> };
    const all = Object.keys(manifest.files);
    const executable = all.find((p) => lstatSync(join(dir, p)).mode & 0o111)!;
    const plain = all.find((p) => p.includes('/') && !(lstatSync(join(dir, p)).mode & 0o111))!;
    expect(executable).toBeDefined();
    expect(plain).toBeDefined();
    return { paths: all, executable, plain };
  }

  /** The entries of the generation cache (`KEY.json`, `KEY.lint.json`); the stored contents are in `blobs/`. */
  const entries = () => {
    const dir = join(copy, 'dist', '.gen-cache');
    return readdirSync(dir)
      .filter((name) => name.endsWith('.json'))
      .map((name) => join(dir, name));
  };
  const blobs = () => {
    const dir = join(copy, 'dist', '.gen-cache', 'blobs');
    return readdirSync(dir).map((name) => join(dir, name));
  };

  beforeAll(async () => {
    // With the compile of its sources and no generation cache yet.
    copy = copyPackage('fast-path');
    bin = join(copy, 'bin', 'ct-gen.js');
    work = tempDir('fast-path-work');
    dest = join(work, 'out');
    pristine = join(work, 'pristine');
    const first = await run(['generate', '--dest', pristine], true);
    expect(first.exitCode, first.stderr).toBe(0);
    ({ paths } = generated(pristine));
    fx = join(work, 'fixture.json');
    writeFileSync(fx, JSON.stringify(fixtureInput));
    fxPristine = join(work, 'fixture-pristine');
    const second = await run(['generate', '--dest', fxPristine, '--model', fx], true);
    expect(second.exitCode, second.stderr).toBe(0);
    ({ paths: fxPaths, executable: fxExecutable, plain: fxPlain } = generated(fxPristine));
  }, 240_000);

  it('answers an up-to-date DEST without loading dist/, exactly as the full path does', async () => {
    const { check, generate } = await both();
    expect(check.cached).toBe(true);
    expect(check.full).toMatchObject({ exitCode: 0, stdout: 'ct-gen check: up to date', stderr: '' });
    expect(generate.cached).toBe(true);
    expect(generate.full.exitCode).toBe(0);
    const count = paths.length + 1;
    expect(generate.full.stdout).toBe(`ct-gen: ${count} files in ${dest}: 0 created, 0 updated, 0 deleted, ${count} unchanged`);

    // --dest as given (relative), and no --dest: generate shows DEST as the full path does.
    expect((await compare(['generate', '--dest', 'out'], () => {}, { cwd: work })).cached).toBe(true);
    expect((await compare(['check', '--dest', 'out'], () => {}, { cwd: work })).cached).toBe(true);
    const out = join(copy, 'out');
    for (const command of [['generate'], ['check'], []]) {
      const result = await compare(command, () => {}, { at: out });
      expect(result.cached, command.join(' ') || 'no command').toBe(true);
    }

    // No module of dist/ is loaded: the answer comes from bin/ct-gen.js alone.
    const list = join(work, 'modules.txt');
    const traced = await execa('node', ['--import', tracer, bin, 'check', '--dest', dest], { reject: false, env: { CT_GEN_LOADED_MODULES: list, CT_GEN_NO_FAST_PATH: '' } });
    expect(traced.exitCode, traced.stderr).toBe(0);
    const modules = readFileSync(list, 'utf8').split('\n').filter(Boolean);
    expect(modules).toContain(pathToFileURL(bin).href);
    expect(modules.filter((m) => m.startsWith(pathToFileURL(join(copy, 'dist')).href))).toEqual([]);
  }, 240_000);

  it('falls through to the full path for every change planChanges reports', async () => {
    const cases: [string, (dir: string) => void][] = [
      ['a generated file edited', (dir) => appendFileSync(join(dir, fxPlain), 'edited\n')],
      ['an executable bit dropped', (dir) => chmodSync(join(dir, fxExecutable), 0o644)],
      ['an executable bit added', (dir) => chmodSync(join(dir, fxPlain), 0o755)],
      ['a generated file deleted', (dir) => rmSync(join(dir, fxPlain))],
      [
        'a stale file listed in the manifest',
        (dir) => {
          mkdirSync(join(dir, 'old'), { recursive: true });
          writeFileSync(join(dir, 'old/gone.sh'), 'echo gone\n');
          const manifest = JSON.parse(readFileSync(join(dir, MANIFEST_PATH), 'utf8')) as { files: Record<string, string> };
          manifest.files['old/gone.sh'] = sha256('echo gone\n');
          writeFileSync(join(dir, MANIFEST_PATH), `${JSON.stringify(manifest, null, 2)}\n`);
        },
      ],
      [
        'a file at a generated path that ct-gen did not write',
        (dir) => {
          const manifest = JSON.parse(readFileSync(join(dir, MANIFEST_PATH), 'utf8')) as { files: Record<string, string> };
          delete manifest.files[fxPlain];
          writeFileSync(join(dir, MANIFEST_PATH), `${JSON.stringify(manifest, null, 2)}\n`);
          writeFileSync(join(dir, fxPlain), 'the checkout own\n');
        },
      ],
      ['the manifest reformatted', (dir) => writeFileSync(join(dir, MANIFEST_PATH), `${JSON.stringify(JSON.parse(readFileSync(join(dir, MANIFEST_PATH), 'utf8')))}\n`)],
      [
        'a leftover temp file',
        (dir) => {
          const temp = join(dir, tempName(fxPlain, DEAD_PID, '0a1b2c3d4e5f'));
          writeFileSync(temp, 'half\n');
          const old = new Date(Date.now() - 2 * 3600_000);
          utimesSync(temp, old, old);
        },
      ],
      ['a journal of an interrupted run', (dir) => writeFileSync(join(dir, JOURNAL_PATH), `${JSON.stringify({ generator: 'ct-gen', pid: DEAD_PID, files: {} }, null, 2)}\n`)],
      ['the lock of a process that is gone', (dir) => writeFileSync(join(dir, LOCK_PATH), `${DEAD_PID}\n`)],
      [
        'a symlinked directory inside DEST',
        (dir) => {
          const top = fxPlain.split('/')[0]!;
          renameSync(join(dir, top), join(dir, `${top}-real`));
          symlinkSync(`${top}-real`, join(dir, top));
        },
      ],
      ['a generated file replaced by a symlink to its copy', (dir) => {
        renameSync(join(dir, fxPlain), join(dir, `${fxPlain}.real`));
        symlinkSync(`${fxPlain.split('/').pop()}.real`, join(dir, fxPlain));
      }],
      [
        "a checkout (it has a target's source) that lacks the model's other inputs",
        (dir) => {
          const source = join(dir, fixture.targets[0]!.source);
          mkdirSync(dirname(source), { recursive: true });
          writeFileSync(source, '');
        },
      ],
    ];
    for (const [what, prepare] of cases) {
      const { check, generate } = await onFixture(prepare);
      expect(check.cached, `check: ${what}`).toBe(false);
      expect(generate.cached, `generate: ${what}`).toBe(false);
      // Planned from the stored files, and answered as from the model.
      expect(check.stored, `check: ${what}`).toBe(true);
      expect(generate.stored, `generate: ${what}`).toBe(true);
    }
  }, 600_000);

  it('answers what the full path answers up to date: a foreign file elsewhere, a checkout with every input', async () => {
    const foreign = await onFixture((dir) => writeFileSync(join(dir, 'NOTES.txt'), 'not generated\n'));
    expect(foreign.check.cached).toBe(true);
    expect(foreign.check.full.stdout).toBe('ct-gen check: up to date');
    expect(foreign.generate.cached).toBe(true);

    const checkout = await onFixture((dir) => {
      for (const { path } of checkoutInputs(fixture)) {
        if (fxPaths.includes(path)) continue;
        mkdirSync(dirname(join(dir, path)), { recursive: true });
        writeFileSync(join(dir, path), '');
      }
    });
    expect(checkout.check.full.exitCode).toBe(0);
    expect(checkout.check.cached).toBe(true);
    expect(checkout.generate.cached).toBe(true);
  }, 240_000);

  it('takes the full path for a command line it does not read exactly', async () => {
    const esModel = join(work, 'model.mjs');
    writeFileSync(esModel, `export default ${JSON.stringify(fixtureInput)};\n`);
    // Lines whose model bin reads exactly get the key, so the stored files; the others generate from the model.
    // Each line names the fixture model, as a JSON file (then it is read by bin) or an ES module.
    for (const [args, stored] of [
      [['check', '--dest', dest, '--no-color'], true],
      [['check', '--color', '--dest', dest], true],
      [['check', `--dest=${dest}`], true],
      [['generate', '--dest', dest, '--force'], true],
      [['generate', '--adopt', '--dest', dest], true],
      [['--dest', dest, '--force'], true],
      [['check', '--dest', dest, '--no-cache'], false],
      [['generate', '--dest', dest, '--no-cache'], false],
      [['check', '--dest', dest, '--dest', dest], false],
      [['check', '--dest', dest, '--model', esModel], false],
      [['check', '--dest', dest, '--color', '--no-color'], false],
      [['generate', '--dest', dest, '--force', 'true'], false],
    ] as const) {
      const result = await compare((args as readonly string[]).includes(esModel) ? args : [...args, '--model', fx], () => {}, { from: fxPristine });
      expect(result.cached, args.join(' ')).toBe(false);
      expect(result.stored, args.join(' ')).toBe(stored);
    }
    // A line with no --model, of the built-in model.
    const builtin = await compare(['check', '--dest', dest, '--no-color']);
    expect(builtin.cached).toBe(false);
    expect(builtin.stored).toBe(true);
  }, 240_000);

  it('runs a line it reads without yargs, with the flags and defaults yargs gives the command', async () => {
    // The full path's answer comes through yargs; the other run's through the command's handler (generator/cli/direct.ts).
    const edited = (dir: string) => appendFileSync(join(dir, fxExecutable), '# edited by hand\n');
    // Not written by ct-gen as far as DEST knows, and not what it generates: generate takes it over only with --adopt.
    const untracked = (dir: string) => {
      edited(dir);
      rmSync(join(dir, MANIFEST_PATH));
    };
    const coloured = /\x1b\[/;
    for (const [args, prepare, code, colour] of [
      [['check', '--dest', dest, '--color'], edited, 1, true],
      [['check', '--dest', dest, '--no-color'], edited, 1, false],
      [['check', '--dest', dest], edited, 1, false],
      [['check', '--no-cache', `--dest=${dest}`], edited, 1, false],
      [['generate', '--dest', dest], edited, 1, false],
      [['generate', '--dest', dest, '--force'], edited, 0, false],
      [['--force', '--no-cache', '--dest', dest], edited, 0, false],
      [['generate', '--dest', dest], untracked, 1, false],
      [['generate', '--adopt', '--dest', dest], untracked, 0, false],
    ] as const) {
      const { full, cached } = await compare([...args, '--model', fx], prepare, { from: fxPristine });
      expect(cached, args.join(' ')).toBe(false);
      expect(full.exitCode, `${args.join(' ')}: ${full.stderr}`).toBe(code);
      expect(coloured.test(full.stderr), args.join(' ')).toBe(colour);
    }
  }, 240_000);

  it('a corrupt, truncated or missing entry is no answer; the next full run records it again', async () => {
    const damages: [string, (file: string) => void][] = [
      ['truncated', (file) => truncateSync(file, Math.floor(readFileSync(file).length / 2))],
      ['not JSON', (file) => writeFileSync(file, 'garbage')],
      ['another format', (file) => writeFileSync(file, '{"format": 0}\n')],
      ['missing', (file) => rmSync(file)],
      [
        'files that disagree with its own manifest',
        (file) => {
          const entry = JSON.parse(readFileSync(file, 'utf8')) as { files?: unknown[] };
          if (entry.files !== undefined) writeFileSync(file, JSON.stringify({ ...entry, files: entry.files.slice(1) }));
        },
      ],
    ];
    // The model's answers do not depend on the cache (CT_GEN_NO_FAST_PATH=1 neither reads it nor
    // is changed by its damage): obtained once, on the same DEST state, for every damage.
    const [checkArgs, generateArgs] = [['check', '--dest', dest, '--model', fx], ['generate', '--dest', dest, '--model', fx]];
    const fullCheck = await answer(checkArgs, false, () => {}, fxPristine, dest);
    const fullGenerate = await answer(generateArgs, false, () => {}, fxPristine, dest);
    for (const [what, damage] of damages) {
      const damaged = () => {
        // The last run recorded the entries again: each damage is done to a whole entry.
        expect(entries().length, what).toBeGreaterThan(0);
        entries().forEach(damage);
      };
      const check = await compare(checkArgs, damaged, { from: fxPristine, full: fullCheck });
      const generate = await compare(generateArgs, damaged, { from: fxPristine, full: fullGenerate });
      expect(check.full.stdout, what).toBe('ct-gen check: up to date');
      expect(check.cached, what).toBe(false);
      expect(check.stored, what).toBe(false);
      expect(generate.cached, what).toBe(false);
    }
    // The full runs recorded it again.
    expect((await compare(['check', '--dest', dest, '--model', fx], () => {}, { from: fxPristine })).cached).toBe(true);

    // A stored content that is damaged or gone: the run generates from the model, and stores it again.
    const edited = (dir: string) => appendFileSync(join(dir, fxPlain), 'edited\n');
    const fullEdited = await answer(checkArgs, false, edited, fxPristine, dest);
    for (const [what, damage] of damages.filter(([name]) => name === 'truncated' || name === 'missing')) {
      const check = await compare(
        checkArgs,
        (dir) => {
          edited(dir);
          expect(blobs().length, what).toBeGreaterThan(0);
          blobs().forEach(damage);
        },
        { from: fxPristine, full: fullEdited },
      );
      expect(check.full.exitCode, what).toBe(1);
      expect(check.stored, what).toBe(false);
      expect((await compare(checkArgs, edited, { from: fxPristine, full: fullEdited })).stored, what).toBe(true);
    }
  }, 240_000);

  it('an edited template is a new key: the full path answers, then records it', async () => {
    const dir = join(copy, 'generator', 'families');
    const template = readdirSync(dir, { withFileTypes: true })
      .filter((family) => family.isDirectory() && existsSync(join(dir, family.name, 'templates')))
      .map((family) => join(dir, family.name, 'templates'))
      .sort()
      .flatMap((templates) => readdirSync(templates, { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.hbs')).map((f) => join(templates, f)))[0]!;
    expect(template).toBeDefined();
    const original = readFileSync(template, 'utf8');
    try {
      appendFileSync(template, '\n');
      const { check, generate } = await both();
      expect(check.full.exitCode, check.full.stderr).toBe(1);
      expect(check.cached).toBe(false);
      expect(generate.full.stdout).toMatch(/ [1-9]\d* updated/);
      expect(generate.cached).toBe(false);

      // The new key's entry answers a DEST generated with the edited template.
      const edited = join(work, 'edited');
      expect((await run(['generate', '--dest', edited], true)).exitCode).toBe(0);
      const editedCopy = join(work, 'edited-copy');
      expect((await compare(['check', '--dest', editedCopy], () => {}, { from: edited, at: editedCopy })).cached).toBe(true);
    } finally {
      writeFileSync(template, original);
    }
  }, 240_000);

  it('an edited model source is compiled and a new key', async () => {
    const index = join(copy, 'model', 'codetracer', 'index.ts');
    const original = readFileSync(index, 'utf8');
    try {
      appendFileSync(index, "(codetracer as { bundles: { description: string }[] }).bundles[0]!.description += ' (edited)';\n");
      // The compile, outside the compared runs (their stderr would differ by its line).
      const compile = await run(['--version'], true);
      expect(compile.stderr).toContain('compiling');
      const { check, generate } = await both();
      expect(check.full.exitCode, check.full.stderr).toBe(1);
      expect(check.cached).toBe(false);
      expect(generate.full.stdout).toMatch(/ [1-9]\d* updated/);
      expect(generate.cached).toBe(false);
    } finally {
      writeFileSync(index, original);
      await run(['--version'], true);
    }
    // Back to the sources of `pristine`, compiled again: a new key, which the full path answers first and records.
    const first = await run(['check', '--dest', pristine], true);
    expect(first.stdout).toBe('ct-gen check: up to date');
    expect(first.stderr).toBe('');
    const second = await run(['check', '--dest', pristine], true);
    expect(second.stdout).toBe('ct-gen check: up to date');
    expect(second.stderr).toMatch(MARKER);
  }, 300_000);

  it('--model FILE.json: keyed by the file, so an edit of it is answered by the full path', async () => {
    const file = join(work, 'model.json');
    const data = JSON.parse(JSON.stringify(fixtureInput)) as { bundles: { description: string }[] };
    writeFileSync(file, JSON.stringify(data));
    const generated = join(work, 'json-pristine');
    expect((await run(['generate', '--dest', generated, '--model', file], true)).exitCode).toBe(0);
    const at = join(work, 'json-out');
    const up = await compare(['check', '--dest', at, '--model', file], () => {}, { from: generated, at });
    expect(up.cached).toBe(true);
    expect((await compare(['generate', '--model', file, '--dest', at], () => {}, { from: generated, at })).cached).toBe(true);

    data.bundles[0]!.description += ' (edited)';
    writeFileSync(file, JSON.stringify(data));
    const check = await compare(['check', '--dest', at, '--model', file], () => {}, { from: generated, at });
    expect(check.full.exitCode).toBe(1);
    expect(check.cached).toBe(false);
    const generate = await compare(['generate', '--dest', at, '--model', file], () => {}, { from: generated, at });
    expect(generate.full.stdout).toMatch(/ [1-9]\d* updated/);
    expect(generate.cached).toBe(false);
  }, 240_000);
});
