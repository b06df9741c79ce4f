import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { DRIVER_PATH } from '../../generator/emit/driver.js';
import { differences } from '../../generator/parity/compare.js';
import { normalise } from '../../generator/parity/normalise.js';
import { generateFiles } from '../../generator/pipeline.js';
import { model, shlexSplit, tempDir, writeTree } from '../support/tree.js';

/**
 * The legacy Tup build's eight artefacts: the generated driver, asked for the target with the
 * debug profile and nothing else, prints a command line with the legacy rule's effective settings.
 */
let root: string;

beforeAll(() => {
  root = tempDir('tup-dry-run');
  writeTree(root, generateFiles(model));
});

const tupInvocations = model.legacy.invocations.filter((i) => i.surface === 'tup');

describe('driver dry-run against the legacy Tup rules', () => {
  it('covers the eight legacy Tup artefacts', () => {
    expect(tupInvocations.map((i) => i.output.split('/').pop()).sort()).toEqual(
      ['codetracer_depending_on_env_vars_in_tup', 'ct', 'db-backend-record', 'index.js', 'server_index.js', 'subwindow.js', 'tester', 'ui.js'].sort(),
    );
  });

  it.each(tupInvocations.map((i) => [i.id, i] as const))('%s', (_id, legacy) => {
    const run = spawnSync('bash', [join(root, DRIVER_PATH), '--target', legacy.target, '--profile', 'debug', '--dry-run'], { encoding: 'utf8' });
    expect(run.status, run.stderr).toBe(0);
    const [nim, ...argv] = shlexSplit(run.stdout);
    const before = normalise(legacy.nim, legacy.argv, { cwd: legacy.cwd });
    const after = normalise(nim!, argv, { sourceRoot: root });
    expect(differences(before, after)).toEqual([]);
    expect(after.source).toBe(before.source);
  });
});
