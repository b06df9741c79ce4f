import { execa } from 'execa';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { resolveModel } from '../../generator/resolve/view.js';
import { BaselineSchema } from '../../model/schema/baseline.js';
import { tempDir } from '../support/tree.js';
import { model } from '../support/model.js';
import { edit, writeCheckout } from './checkout.js';

const bin = join(import.meta.dirname, '..', '..', 'bin', 'ct-gen.js');
const ctGen = (args: string[]) => execa('node', [bin, 'baseline', ...args], { reject: false });

describe('ct-gen baseline (the CLI, the built-in model\'s variants)', () => {
  it('prints the recording; --write writes the same; --check passes, then names each changed flag', async () => {
    const checkout = writeCheckout();
    // In folders that do not exist yet: --write makes them.
    const file = join(tempDir('baseline-out'), 'new', 'folder', 'baseline.json');

    const printed = await ctGen(['--from', checkout]);
    expect(printed.exitCode, printed.stderr).toBe(0);
    const baseline = BaselineSchema.parse(JSON.parse(printed.stdout));
    for (const variant of resolveModel(model).variants) {
      expect(baseline.invocations.map((i) => i.id)).toContain(`tup/${variant.name}/index.js`);
    }
    expect(baseline.invocations.find((i) => i.id === 'tup/debug/bin/ct')).toMatchObject({ file: 'src/ct/Tupfile', line: 3, rule: '!nim_c', cwd: 'src/build-debug/ct' });
    expect(printed.stderr).toContain('ct-gen: note: created src/public/dist in the scratch copy for debug');

    const written = await ctGen(['--from', checkout, '--write', '--out', file]);
    expect(written.exitCode, written.stderr).toBe(0);
    expect(written.stderr).toMatch(new RegExp(`ct-gen baseline: wrote ${file}: ${baseline.invocations.length} invocations \\(\\d+ tup, 4 other\\)$`));
    expect(readFileSync(file, 'utf8')).toBe(`${printed.stdout}\n`);

    const clean = await ctGen(['--from', checkout, '--check', '--out', file]);
    expect(clean.exitCode, clean.stderr).toBe(0);
    expect(clean.stdout).toBe(`ct-gen baseline: ${file} is up to date (${baseline.invocations.length} invocations)`);

    // Words nim reads alike, in another order: not drift.
    edit(checkout, 'src/Tuprules.tup', '--path:$(ROOT)/libs/x\\\n--path:$(ROOT)/libs/y', '--path:$(ROOT)/libs/y\\\n--path:$(ROOT)/libs/x');
    edit(checkout, 'src/Tuprules.tup', '-d:nimOldCaseObjects\\\n--mm:refc', '--mm:refc\\\n-d:nimOldCaseObjects');
    expect((await ctGen(['--from', checkout, '--check', '--out', file])).exitCode).toBe(0);

    edit(checkout, 'src/Tuprules.tup', '--mm:refc\\\n-d:nimOldCaseObjects\\\n', '--mm:orc\\\n');
    const drift = await ctGen(['--from', checkout, '--check', '--out', file]);
    expect(drift.exitCode).toBe(1);
    // Each change names the invocation and where it is.
    const named = (id: string) => {
      const { file: at, line } = baseline.invocations.find((i) => i.id === id)!;
      return `${id} (${at}:${line})`;
    };
    expect(drift.stderr).toContain(`${named('tup/debug/bin/ct')}: --mm: refc -> orc\n`);
    expect(drift.stderr).toContain(`${named('tup/debug/bin/ct')}: -d:nimOldCaseObjects removed\n`);
    expect(drift.stderr).toContain(`${named('tup/release/index.js')}: --mm: refc -> orc\n`);
    expect(drift.stderr).not.toMatch(/^(just|nix|script|workflow):/m);
    expect(drift.stderr).toMatch(/ct-gen baseline: \d+ change\(s\) since .*baseline\.json; rerun with --write to record them$/);
    expect(readFileSync(file, 'utf8')).toBe(`${printed.stdout}\n`);
  });

  it('--check names added and removed invocations', async () => {
    const checkout = writeCheckout();
    const file = join(tempDir('baseline-out'), 'baseline.json');
    expect((await ctGen(['--from', checkout, '--write', '--out', file])).exitCode).toBe(0);
    edit(checkout, 'scripts/build.sh', 'nim c -d:release --out:"$DIST/bin/ct" src/ct/main.nim\n', '');
    edit(checkout, 'src/Tupfile', ': frontend/index.nim |> !nim_js |> index.js\n', ': frontend/index.nim |> !nim_js |> main.js\n');
    const drift = await ctGen(['--from', checkout, '--check', '--out', file]);
    expect(drift.exitCode).toBe(1);
    expect(drift.stderr).toContain('tup/debug/index.js: removed (was src/Tupfile:3)\n');
    expect(drift.stderr).toContain('tup/debug/main.js: added (src/Tupfile:3)\n');
    expect(drift.stderr).toContain('script:scripts/build.sh:1: removed (was scripts/build.sh:4)\n');
  });

  it('--check without a baseline file fails and writes none', async () => {
    const file = join(tempDir('baseline-out'), 'none.json');
    const result = await ctGen(['--from', writeCheckout(), '--check', '--out', file]);
    expect(result.exitCode).toBe(1);
    expect(result.stderr).toContain(`ct-gen baseline: ${file} does not exist; record it with --write`);
    expect(existsSync(file)).toBe(false);
  });

  it('bad arguments exit 2, name the argument and write nothing', async () => {
    const file = join(tempDir('baseline-out'), 'baseline.json');
    const cases: [string[], RegExp][] = [
      [['--write', '--out', file], /Missing required argument: from/],
      [['--from', tempDir('not-a-checkout'), '--write', '--out', file], /^ct-gen: --from .*: no src\/Tupfile\.ini there; give the root of a Codetracer checkout$/],
      [['--from', writeCheckout(), '--write', '--check', '--out', file], /Arguments write and check are mutually exclusive/],
      [['--from'], /Not enough arguments following: from/],
    ];
    for (const [args, message] of cases) {
      const result = await ctGen(args);
      expect(result.exitCode, args.join(' ')).toBe(2);
      expect(result.stderr, args.join(' ')).toMatch(message);
    }
    expect(existsSync(file)).toBe(false);
  });

  it('an --out that is a folder exits 2 naming --out, for --write and --check, and leaves nothing beside it', async () => {
    const parent = tempDir('baseline-out');
    const folder = join(parent, 'baseline.json');
    mkdirSync(folder);
    const checkout = writeCheckout();
    for (const mode of ['--write', '--check']) {
      const result = await ctGen(['--from', checkout, mode, '--out', folder]);
      expect(result.exitCode, mode).toBe(2);
      expect(result.stderr, mode).toBe(`ct-gen: --out ${folder}: is a directory; give the baseline file`);
    }
    expect(readdirSync(parent)).toEqual(['baseline.json']);
    expect(readdirSync(folder)).toEqual([]);
    // --write takes a regular file only; --check reads a pipe too (--out <(git show …)).
    const device = await ctGen(['--from', checkout, '--write', '--out', '/dev/null']);
    expect(device.exitCode).toBe(2);
    expect(device.stderr).toBe('ct-gen: --out /dev/null: is not a regular file; give the file to write');
    const recorded = join(parent, 'recorded.json');
    writeFileSync(recorded, (await ctGen(['--from', checkout])).stdout);
    const piped = await execa('bash', ['-c', 'node "$0" baseline --from "$1" --check --out <(cat "$2")', bin, checkout, recorded], { reject: false });
    expect(piped.exitCode, piped.stderr).toBe(0);
    expect(piped.stdout).toMatch(/^ct-gen baseline: \/dev\/fd\/\d+ is up to date/);
  });

  it('a corrupt baseline file exits 2 naming the field', async () => {
    const checkout = writeCheckout();
    const file = join(tempDir('baseline-out'), 'baseline.json');
    await ctGen(['--from', checkout, '--write', '--out', file]);
    writeFileSync(file, readFileSync(file, 'utf8').replace('"line": 3', '"line": "3"'));
    const result = await ctGen(['--from', checkout, '--check', '--out', file]);
    expect(result.exitCode).toBe(2);
    expect(result.stderr).toMatch(/not a baseline file:\n {2}invocations\[0\]\.line: /);
  });
});
