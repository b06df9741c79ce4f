import { execa } from 'execa';
import { appendFileSync, chmodSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { codetracer } from '../../model/codetracer/index.js';
import { MANIFEST_PATH, sha256 } from '../../generator/manifest.js';
import { generateFiles } from '../../generator/pipeline.js';
import { HEADER_TEXT } from '../../generator/header.js';
import { tempDir, readTree as snapshot, writeTree } from '../support/tree.js';
import { model } from '../support/model.js';

const bin = join(import.meta.dirname, '..', '..', 'bin', 'ct-gen.js');
const ctGen = (args: string[], cwd?: string) => execa('node', [bin, ...args], { reject: false, cwd });


const files = generateFiles(model);

describe('ct-gen generate / check', () => {
  it('generates every file into DEST, then check passes and a second run changes nothing', async () => {
    const dest = tempDir('cli');
    const first = await ctGen(['generate', '--dest', dest]);
    expect(first.exitCode).toBe(0);
    expect(Object.keys(snapshot(dest)).sort()).toEqual(files.map((f) => f.path).sort());
    const driver = join(dest, 'tools/build/build_codetracer.sh');
    expect(statSync(driver).mode & 0o777).toBe(0o755);
    expect(readFileSync(driver, 'utf8').split('\n')[1]).toBe(`# ${HEADER_TEXT}`);
    const mtime = statSync(driver).mtimeMs;
    expect((await ctGen(['check', '--dest', dest])).exitCode).toBe(0);
    const again = await ctGen(['generate', '--dest', dest]);
    expect(again.stdout).toMatch(/0 created, 0 updated, 0 deleted, \d+ unchanged/);
    expect(statSync(driver).mtimeMs).toBe(mtime);
  });

  it('check exits 1 with a unified diff per differing, missing or stale file', async () => {
    const dest = tempDir('cli-drift');
    writeTree(dest, files);
    appendFileSync(join(dest, 'tools/build/codetracer_flags.env'), 'CT_EXTRA=(-d:sneaky)\n');
    const missing = files.find((f) => f.path.endsWith('build_codetracer.sh'))!.path;
    rmSync(join(dest, missing));
    const result = await ctGen(['check', '--dest', dest, '--no-color']);
    expect(result.exitCode).toBe(1);
    expect(result.stderr).toContain('tools/build/codetracer_flags.env: differs (edited by hand)');
    expect(result.stderr).toContain('+++ b/tools/build/codetracer_flags.env');
    expect(result.stderr).toContain('-CT_EXTRA=(-d:sneaky)');
    expect(result.stderr).toContain(`${missing}: missing`);
    expect(result.stderr).not.toContain('\x1b[');
    expect(result.stderr).toMatch(/2 file\(s\) out of date/);
    const coloured = await ctGen(['check', '--dest', dest, '--color']);
    expect(coloured.stderr).toContain('\x1b[32m+');
  });

  it('refuses to overwrite a hand-edited file unless --force, writing nothing', async () => {
    const dest = tempDir('cli-edited');
    writeTree(dest, files);
    const edited = join(dest, 'tools/build/codetracer_flags.env');
    appendFileSync(edited, '# local tweak\n');
    const before = snapshot(dest);
    const refused = await ctGen(['generate', '--dest', dest]);
    expect(refused.exitCode).toBe(1);
    expect(refused.stderr).toContain('tools/build/codetracer_flags.env');
    expect(refused.stderr).toContain('--force');
    expect(snapshot(dest)).toEqual(before);
    const forced = await ctGen(['generate', '--dest', dest, '--force']);
    expect(forced.exitCode).toBe(0);
    expect((await ctGen(['check', '--dest', dest])).exitCode).toBe(0);
  });

  it('deletes a file it generated earlier that the model no longer produces; an edited one blocks until --force', async () => {
    const dest = tempDir('cli-stale');
    writeTree(dest, files);
    const manifestPath = join(dest, MANIFEST_PATH);
    const manifest = JSON.parse(readFileSync(manifestPath, 'utf8'));
    mkdirSync(join(dest, 'old'), { recursive: true });
    mkdirSync(join(dest, 'gone/deeper'), { recursive: true });
    writeFileSync(join(dest, 'gone/deeper/unedited.sh'), 'echo old\n');
    writeFileSync(join(dest, 'old/edited.sh'), 'echo mine\n');
    manifest.files['gone/deeper/unedited.sh'] = sha256('echo old\n');
    manifest.files['old/edited.sh'] = sha256('echo original\n');
    writeFileSync(manifestPath, JSON.stringify(manifest));

    const check = await ctGen(['check', '--dest', dest, '--no-color']);
    expect(check.exitCode).toBe(1);
    expect(check.stderr).toContain('gone/deeper/unedited.sh: stale (no longer generated)');
    expect(check.stderr).toContain('old/edited.sh: stale (no longer generated)');

    const before = snapshot(dest);
    const refused = await ctGen(['generate', '--dest', dest]);
    expect(refused.exitCode).toBe(1);
    expect(refused.stderr).toContain('old/edited.sh: no longer generated, and edited by hand since ct-gen wrote it');
    expect(snapshot(dest)).toEqual(before);

    const forced = await ctGen(['generate', '--dest', dest, '--force']);
    expect(forced.exitCode).toBe(0);
    expect(existsSync(join(dest, 'gone'))).toBe(false);
    expect(readFileSync(join(dest, 'old/edited.sh'), 'utf8')).toBe('echo mine\n');
    expect(forced.stderr).toContain('old/edited.sh is no longer generated; left in place and no longer tracked');
    expect((await ctGen(['check', '--dest', dest])).exitCode).toBe(0);
  });

  // Root deletes from a read-only folder; tests/write/apply.test.ts makes a deletion fail for root too.
  it.skipIf(process.getuid?.() === 0)('a stale file it cannot delete fails generate naming it and the reason; it stays tracked, so check reports it', async () => {
    const dest = tempDir('cli-undeletable');
    writeTree(dest, files);
    const manifestPath = join(dest, MANIFEST_PATH);
    const manifest = JSON.parse(readFileSync(manifestPath, 'utf8'));
    mkdirSync(join(dest, 'old'));
    writeFileSync(join(dest, 'old/stale.sh'), 'echo old\n');
    manifest.files['old/stale.sh'] = sha256('echo old\n');
    writeFileSync(manifestPath, JSON.stringify(manifest));
    chmodSync(join(dest, 'old'), 0o555);
    try {
      const failed = await ctGen(['generate', '--dest', dest]);
      expect(failed.exitCode).toBe(2);
      expect(failed.stderr).toBe(
        `ct-gen: cannot delete ${join(dest, 'old/stale.sh')}: permission denied\n` +
          `every other change was written; that file stays in ${manifestPath}, so check reports it as stale until generate deletes it`,
      );
      expect(JSON.parse(readFileSync(manifestPath, 'utf8')).files['old/stale.sh']).toBe(sha256('echo old\n'));
      const check = await ctGen(['check', '--dest', dest, '--no-color']);
      expect(check.exitCode).toBe(1);
      expect(check.stderr).toContain('old/stale.sh: stale (no longer generated)');
    } finally {
      chmodSync(join(dest, 'old'), 0o755);
    }
    expect((await ctGen(['generate', '--dest', dest])).exitCode).toBe(0);
    expect(existsSync(join(dest, 'old'))).toBe(false);
    expect((await ctGen(['check', '--dest', dest])).exitCode).toBe(0);
  });

  it('ignores manifest entries that point outside DEST', async () => {
    const dir = tempDir('cli-manifest');
    const dest = join(dir, 'dest');
    writeTree(dest, files);
    writeFileSync(join(dir, 'victim'), 'precious\n');
    const manifest = JSON.parse(readFileSync(join(dest, MANIFEST_PATH), 'utf8'));
    manifest.files['../victim'] = sha256('precious\n');
    manifest.files['/etc/hostname'] = sha256('x');
    writeFileSync(join(dest, MANIFEST_PATH), JSON.stringify(manifest));
    const check = await ctGen(['check', '--dest', dest, '--no-color']);
    expect(check.stderr).toContain('ignoring entry "../victim"');
    expect(check.stderr).not.toContain('victim: stale');
    const result = await ctGen(['generate', '--dest', dest]);
    expect(result.exitCode).toBe(0);
    expect(result.stderr).toContain('ignoring entry "/etc/hostname"');
    expect(readFileSync(join(dir, 'victim'), 'utf8')).toBe('precious\n');
    expect((await ctGen(['check', '--dest', dest])).exitCode).toBe(0);
  });

  it('compares only the executable bit, as git records it (a clone made with umask 002)', async () => {
    const dest = tempDir('cli-umask');
    writeTree(dest, files);
    for (const file of files) chmodSync(join(dest, file.path), (file.mode ?? 0o644) & 0o111 ? 0o775 : 0o664);
    expect((await ctGen(['check', '--dest', dest])).exitCode).toBe(0);
    chmodSync(join(dest, 'tools/build/build_codetracer.sh'), 0o644);
    const drift = await ctGen(['check', '--dest', dest, '--no-color']);
    expect(drift.exitCode).toBe(1);
    expect(drift.stderr).toContain('tools/build/build_codetracer.sh: mode is 0644; the model wants it executable');
    expect((await ctGen(['generate', '--dest', dest])).exitCode).toBe(0);
    expect(statSync(join(dest, 'tools/build/build_codetracer.sh')).mode & 0o111).not.toBe(0);
  });

  it('refuses a dangling symlink or a file where a directory belongs, before writing anything', async () => {
    for (const [name, make, message] of [
      ['dangling', (d: string) => symlinkSync('nonexistent', join(d, 'src')), /src is a dangling symlink/],
      ['file', (d: string) => writeFileSync(join(d, 'src'), 'x'), /src exists and is not a directory/],
    ] as const) {
      const dest = tempDir(`cli-${name}`);
      make(dest);
      const result = await ctGen(['generate', '--dest', dest]);
      expect(result.exitCode).toBe(2);
      expect(result.stderr).toMatch(message);
      expect(readdirSync(dest)).toEqual(['src']);
    }
  });

  it('refuses a symlink that leads outside DEST and writes nothing', async () => {
    const dest = tempDir('cli-link');
    const outside = tempDir('cli-outside');
    symlinkSync(outside, join(dest, 'tools'));
    const result = await ctGen(['generate', '--dest', dest]);
    expect(result.exitCode).toBe(2);
    expect(result.stderr).toMatch(/refusing to write tools\/build\/[^ ]+: tools is a symlink to .*outside the destination/);
    expect(snapshot(outside)).toEqual({});
    expect(existsSync(join(dest, MANIFEST_PATH))).toBe(false);
  });

  it('rejects a bad model with exit 2, naming every bad field, and writes no file', async () => {
    const dir = tempDir('cli-model');
    const bad = structuredClone(codetracer) as any;
    bad.targets[3].source = 'src/tester/tester.rs';
    bad.targets[5].bundles = ['js-shared'];
    writeFileSync(join(dir, 'model.json'), JSON.stringify(bad));
    const dest = join(dir, 'out');
    for (const command of ['generate', 'check']) {
      const result = await ctGen([command, '--dest', dest, '--model', join(dir, 'model.json')]);
      expect(result.exitCode).toBe(2);
      expect(result.stderr).toContain(`targets["${bad.targets[3].name}"].source: must end with .nim (got "src/tester/tester.rs")`);
      expect(result.stderr).toContain(`targets["${bad.targets[5].name}"].bundles[0]: unknown bundle "js-shared"`);
    }
    expect(existsSync(dest)).toBe(false);
  });

  it('list and explain describe the model; bad usage exits 2', async () => {
    const list = await ctGen(['list', '--format', 'json']);
    expect(JSON.parse(list.stdout).targets.map((t: { name: string }) => t.name)).toEqual(model.targets.map((t) => t.name));
    const explain = await ctGen(['explain', 'db-backend-record', '--profile', 'release']);
    expect(explain.exitCode).toBe(0);
    expect(explain.stdout).toMatch(/-d:release +# bundle release \(profile release\)/);
    expect(explain.stdout).toMatch(/-d:withTup +# bundle entrypoint \(target db-backend-record\)/);
    expect(explain.stdout).toMatch(/--nimcache:\/tmp\/ct-nim-cache\/release\/db-backend-record +# nimcache \(target db-backend-record\)/);
    expect(explain.stdout.split('\n')[0]).toBe('db-backend-record (profile release, platform linux):');
    const windows = await ctGen(['explain', 'ct', '--platform', 'windows']);
    expect(windows.stdout).toMatch(/--passL:-lz +# bundle windows-zlib \(target ct; only on windows\)/);
    expect(windows.stdout).toMatch(/--out:\.\/ct\.exe +# output/);
    expect((await ctGen(['explain', 'ct', '--platform', 'bsd'])).stderr).toContain("unknown platform 'bsd'; known: linux, macos, windows");
    const unknown = await ctGen(['explain', 'nope']);
    expect(unknown.exitCode).toBe(2);
    expect(unknown.stderr).toContain(`unknown target 'nope'; known: ${model.targets.map((t) => t.name).join(', ')}`);
    expect((await ctGen(['list', '--format', 'xml'])).exitCode).toBe(2);
    expect((await ctGen(['frobnicate', '--x'])).exitCode).toBe(2);
    for (const args of [['check', '--dest'], ['generate', '--dest'], ['explain', 'ct', '--profile'], ['check', '--model'], ['list', '--format'], ['parity', '--format'], ['lint', '--format']]) {
      const result = await ctGen(args);
      expect(result.exitCode, args.join(' ')).toBe(2);
      expect(result.stderr).toMatch(/^ct-gen: Not enough arguments following: \w+\nRun 'ct-gen --help' for usage\.$/);
    }
  });
});
