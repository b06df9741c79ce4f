import { execa } from 'execa';
import { appendFileSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { codetracer } from '../../model/codetracer/index.js';
import { checkoutInputs } from '../../generator/checkout.js';
import { MANIFEST_PATH } from '../../generator/manifest.js';
import { FAMILIES } from '../../generator/families/families.js';
import { declaredSources } from '../support/codetracer-tree.js';
import { tempDir, readTree as snapshot } from '../support/tree.js';
import { model } from '../support/model.js';

const pkg = join(import.meta.dirname, '..', '..');
const bin = join(pkg, 'bin', 'ct-gen.js');
/** Runs in a directory outside ct-gen's unless told: hints then spell `node <bin>` and absolute model files. */
const elsewhere = tempDir('checkout-cwd');
const ctGen = (args: string[], cwd = elsewhere) => execa('node', [bin, ...args], { reject: false, cwd });


const TRACKED_CONFIG = 'CONFIG_DEBUG=1\n';

/**
 * A fresh Codetracer-shaped checkout, never Codetracer's files: every source the model names
 * (targets and Tup inputs, stand-in content), src/Tupfile.ini, and the host variant's
 * tup.config the checkout tracks itself, which ct-gen did not write.
 */
function writeCheckout(root: string): void {
  const files = new Map(declaredSources(model));
  for (const target of model.targets) if (!files.has(target.source)) files.set(target.source, '');
  files.set('src/Tupfile.ini', '');
  files.set('src/build-debug/tup.config', TRACKED_CONFIG);
  for (const [path, content] of files) {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), content);
  }
}

/** The command check prints on the line after "run:". */
function hintedCommand(stderr: string): string {
  const lines = stderr.split('\n');
  const at = lines.findIndex((l) => l.endsWith('run:'));
  expect(at, stderr).toBeGreaterThanOrEqual(0);
  return lines[at + 1]!.trim();
}

describe('generate --dest into a fresh checkout', () => {
  it("refuses a file at a generated path that ct-gen never wrote, with its diff, and writes nothing; --adopt takes it over", async () => {
    const dest = tempDir('checkout-fresh');
    writeCheckout(dest);
    const before = snapshot(dest);

    const refused = await ctGen(['generate', '--dest', dest]);
    expect(refused.exitCode).toBe(1);
    expect(refused.stderr).toContain('ct-gen: nothing was written:\n');
    expect(refused.stderr).toContain('src/build-debug/tup.config: exists and was not written by ct-gen; generated from ');
    expect(refused.stderr).not.toContain('edited by hand');
    expect(refused.stderr).toContain('--- a/src/build-debug/tup.config\n+++ b/src/build-debug/tup.config\n');
    expect(refused.stderr).toContain('+CONFIG_PROFILE=debug\n CONFIG_DEBUG=1\n');
    expect(hintedCommand(refused.stderr)).toBe(`node ${bin} generate --dest ${dest} --adopt`);
    expect(snapshot(dest)).toEqual(before);

    // --force is for files ct-gen wrote; it does not take over the checkout's own.
    const forced = await ctGen(['generate', '--dest', dest, '--force']);
    expect(forced.exitCode).toBe(1);
    expect(forced.stderr).toContain('src/build-debug/tup.config: exists and was not written by ct-gen');
    expect(snapshot(dest)).toEqual(before);

    const check = await ctGen(['check', '--dest', dest, '--no-color']);
    expect(check.exitCode).toBe(1);
    expect(check.stderr).toContain(`src/build-debug/tup.config: exists and was not written by ct-gen; generated from ${join(pkg, 'model/codetracer/tup.ts')}`);
    expect(hintedCommand(check.stderr)).toBe(`node ${bin} generate --dest ${dest} --adopt`);

    const adopted = await ctGen(['generate', '--dest', dest, '--adopt']);
    expect(adopted.exitCode, adopted.stderr).toBe(0);
    expect(adopted.stdout).toMatch(/, 1 adopted$/);
    expect(readFileSync(join(dest, 'src/build-debug/tup.config'), 'utf8')).toContain('CONFIG_PROFILE=debug\n');
    expect(JSON.parse(readFileSync(join(dest, MANIFEST_PATH), 'utf8')).files).toHaveProperty(['src/build-debug/tup.config']);
    const after = await ctGen(['check', '--dest', dest]);
    expect(after.exitCode, after.stderr).toBe(0);
    expect(after.stdout).toBe('ct-gen check: up to date');

    // Once adopted, a hand edit is an edit of a file ct-gen wrote: --force, not --adopt.
    appendFileSync(join(dest, 'src/build-debug/tup.config'), 'CONFIG_LOCAL=1\n');
    const edited = await ctGen(['generate', '--dest', dest, '--adopt']);
    expect(edited.exitCode).toBe(1);
    expect(edited.stderr).toContain('src/build-debug/tup.config: generated, but edited by hand; generated from ');
    expect(hintedCommand(edited.stderr)).toBe(`node ${bin} generate --dest ${dest} --force`);
  });

  it('refuses a checkout that lacks a target source or a Tup input, naming each, and writes nothing', async () => {
    const dest = tempDir('checkout-missing');
    writeCheckout(dest);
    const unique = (t: (typeof model.targets)[number]) => model.targets.filter((o) => o.source === t.source).length === 1;
    const target = model.targets.find((t) => unique(t) && !model.tup.nodes.some((n) => n.rules.some((r) => r.kind === 'nim' && r.target === t.name)))!;
    const input = checkoutInputs(model).find((i) => i.by.startsWith('tup.nodes') && i.path !== target.source)!;
    rmSync(join(dest, target.source));
    rmSync(join(dest, input.path));
    const before = snapshot(dest);
    for (const args of [['generate', '--adopt'], ['check']]) {
      const result = await ctGen([...args, '--dest', dest]);
      expect(result.exitCode, args.join(' ')).toBe(2);
      expect(result.stderr).toContain(`is a Codetracer checkout (it has a target's source), but 2 file(s) the model builds from are missing`);
      expect(result.stderr).toContain(`  target ${target.name}: ${target.source} does not exist\n`);
      expect(result.stderr).toContain(`  ${input.by}: ${input.path} does not exist\n`);
      expect(result.stdout).toBe('');
    }
    expect(snapshot(dest)).toEqual(before);
  });

  it('names targets and Tup rules as model errors do', () => {
    const inputs = checkoutInputs(model);
    expect(inputs.filter((i) => i.by.startsWith('target ')).map((i) => i.path)).toEqual(model.targets.map((t) => t.source));
    expect(inputs.every((i) => /^(target [\w:-]+|tup\.nodes\["[^"]+"\]\.rules\[\d+\] \((cargo|stylus|copy)\))$/.test(i.by))).toBe(true);
    expect(inputs.every((i) => i.path.startsWith('src/'))).toBe(true);
  });

  it('does not treat a directory without any target source (out/, a legacy tree without sources) as a checkout', async () => {
    const dest = tempDir('checkout-none');
    mkdirSync(join(dest, 'src/ct'), { recursive: true });
    writeFileSync(join(dest, 'src/Tupfile.ini'), '');
    const result = await ctGen(['generate', '--dest', dest]);
    expect(result.exitCode, result.stderr).toBe(0);
  });
});

describe("check's hint", () => {
  it('for a hand-edited file names its model file and, pasted into a shell, works (--dest and --model with spaces)', async () => {
    const dir = tempDir('checkout-hint');
    const dest = 'a checkout';
    writeCheckout(join(dir, dest));
    writeFileSync(join(dir, 'my model.json'), JSON.stringify(codetracer));
    expect((await ctGen(['generate', '--dest', dest, '--adopt'], dir)).exitCode).toBe(0);
    const flags = join(dir, dest, 'tools/build/codetracer_flags.env');
    const generated = readFileSync(flags, 'utf8');
    appendFileSync(flags, 'CT_EXTRA=(-d:sneaky)\n');

    const check = await ctGen(['check', '--dest', dest, '--no-color'], dir);
    expect(check.exitCode).toBe(1);
    expect(check.stderr).toContain('tools/build/codetracer_flags.env: differs (edited by hand); generated from ');
    expect(check.stderr).toContain(`${join(pkg, 'model/codetracer/bundles.ts')}`);
    expect(check.stderr).toContain('--force overwrites 1 file edited by hand. To keep an edit instead, move it into the model file named beside the file');
    const command = hintedCommand(check.stderr);
    expect(command).toBe(`node ${bin} generate --dest 'a checkout' --force`);

    const withModel = await ctGen(['check', '--dest', dest, '--model', 'my model.json', '--no-color'], dir);
    expect(withModel.stderr).toContain("generated from my model.json (targets, bundles, profiles, platforms, layout)");
    const modelCommand = hintedCommand(withModel.stderr);
    expect(modelCommand).toBe(`node ${bin} generate --dest 'a checkout' --model 'my model.json' --force`);

    const pasted = await execa('bash', ['-c', modelCommand], { cwd: dir, reject: false });
    expect(pasted.exitCode, pasted.stderr).toBe(0);
    expect(readFileSync(flags, 'utf8')).toBe(generated);
    expect((await ctGen(['check', '--dest', dest], dir)).exitCode).toBe(0);

    // From ct-gen's own directory the hint is `npx ct-gen`, which works there.
    appendFileSync(flags, '# again\n');
    const fromPackage = await ctGen(['check', '--dest', join(dir, dest), '--no-color'], pkg);
    const npx = hintedCommand(fromPackage.stderr);
    expect(npx).toBe(`npx ct-gen generate --dest '${join(dir, dest)}' --force`);
    expect(fromPackage.stderr).toContain('generated from model/codetracer/targets.ts, model/codetracer/bundles.ts');
    const viaNpx = await execa('bash', ['-c', npx], { cwd: pkg, reject: false });
    expect(viaNpx.exitCode, viaNpx.stderr).toBe(0);
    expect(readFileSync(flags, 'utf8')).toBe(generated);

    appendFileSync(flags, '# and again\n');
    expect((await execa('bash', ['-c', command], { cwd: dir, reject: false })).exitCode).toBe(0);
    expect((await ctGen(['check', '--dest', dest], dir)).exitCode).toBe(0);
  });

  it('knows the model files of every output family', () => {
    for (const concept of new Set(FAMILIES.flatMap((f) => f.concepts))) expect(existsSync(join(pkg, 'model/codetracer', `${concept}.ts`)), concept).toBe(true);
  });
});
