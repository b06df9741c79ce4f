import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { tupBaselineParity } from '../../generator/parity/tup-baseline.js';
import { diffSettings, effectiveSettings, showSettingChange } from '../../generator/parity/normalise.js';
import { generateFiles } from '../../generator/pipeline.js';
import { shlexSplit, tempDir, writeTree } from '../support/tree.js';
import { model } from '../support/model.js';

/**
 * Codetracer's own Tup build, as `ct-gen baseline` recorded it from the checkout for each variant
 * (debug, release, win32 debug): the generated driver, asked for the same artefact with the
 * variant's profile and platform, runs nim with the same effective settings.
 */
let root: string;

beforeAll(() => {
  root = tempDir('tup-dry-run');
  writeTree(root, generateFiles(model));
});

const rows = tupBaselineParity(model);
const recorded = (model.baseline?.invocations ?? []).filter((i) => i.surface === 'tup');

describe('the staged tree against the recorded legacy Tup build', () => {
  it('maps every recorded compile of every variant to a staged nim rule, with nothing undeclared', () => {
    expect(recorded.length).toBeGreaterThan(0);
    expect(rows.map((r) => r.id)).toEqual(recorded.map((i) => i.id));
    // A difference is allowed only where the model declares it (a bundle, profile or target declaration).
    expect(rows.filter((r) => r.status === 'undeclared')).toEqual([]);
    const variants = new Set(recorded.map((i) => i.cwd.split('/')[1]));
    expect([...variants].sort()).toEqual(model.tup.variants.map((v) => v.dir).sort());
  });

  it.each(rows.map((r) => [r.id, r] as const))('%s: the driver dry-run has the recorded settings, but for what parity declared', (_id, row) => {
    const invocation = recorded.find((i) => i.id === row.id)!;
    const variant = model.tup.variants.find((v) => invocation.cwd.split('/')[1] === v.dir)!;
    const platform = variant.platform ?? model.platforms[0]!.name;
    const run = spawnSync('bash', [join(root, model.layout.driver), '--target', row.target, '--profile', variant.profile, '--platform', platform, '--output', invocation.output!, '--dry-run'], { encoding: 'utf8' });
    expect(run.status, run.stderr).toBe(0);
    const [, ...argv] = shlexSplit(run.stdout);
    const before = effectiveSettings(invocation.argv, { cwd: invocation.cwd });
    const source = before.get('source')!;
    before.set('source', { ...source, value: String(source.value).replace(`src/${variant.dir}/`, 'src/') });
    const after = effectiveSettings(argv, { cwd: invocation.cwd, root });
    // What the driver really runs differs from the recording exactly as parity computed it, and each of those is declared.
    const ran = diffSettings(before, after).filter((c) => c.key !== 'switch:nimcache').map(showSettingChange).sort();
    expect(ran).toEqual([...row.added, ...row.removed, ...row.changed].sort());
    expect(ran.length === 0 || row.status === 'declared').toBe(true);
  });
});
