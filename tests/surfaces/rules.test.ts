import { describe, expect, it } from 'vitest';
import { codetracer } from '../../model/codetracer/index.js';
import type { ModelInput } from '../../model/schema/index.js';
import { modelIssues } from '../support/model-issues.js';

type Editable = ModelInput & { surfaces: { invocations: Record<string, unknown>[] }; legacy: { invocations: Record<string, unknown>[] } };

const issues = (edit: (m: Editable) => void) => modelIssues(edit);

describe('cross-field rules of the legacy baseline and the surfaces', () => {
  it('the Codetracer model is valid', () => expect(issues(() => {})).toEqual([]));

  const cases: [string, (m: Editable) => void, string[]][] = [
    ['unknown legacy id', (m) => (m.surfaces.invocations[0]!.legacy = 'tup:nope'), [
      expect.stringMatching(/^surfaces\.invocations\[0\]\.legacy: unknown legacy invocation "tup:nope"; known: tup:tester, /) as unknown as string,
      'legacy.invocations[0].id: legacy invocation "tup:tester" is replaced by no surface call; add one to surfaces.invocations',
    ]],
    ['a legacy invocation replaced twice', (m) => (m.surfaces.invocations[1]!.legacy = 'tup:tester'), [
      'surfaces.invocations[1].legacy: legacy invocation "tup:tester" is already replaced by surfaces.invocations[0]',
      'legacy.invocations[1].id: legacy invocation "tup:codetracer_depending_on_env_vars_in_tup" is replaced by no surface call; add one to surfaces.invocations',
    ]],
    ['unknown target', (m) => (m.surfaces.invocations[0]!.target = 'cct'), [expect.stringMatching(/^surfaces\.invocations\[0\]\.target: unknown target "cct"; known: ct, ct-wrapper, /) as unknown as string]],
    ['unknown profile', (m) => (m.surfaces.invocations[0]!.profile = 'fast'), [`surfaces.invocations[0].profile: unknown profile "fast"; known: ${codetracer.profiles.map((p) => p.name).join(', ')}`]],
    ['unknown bundle', (m) => (m.surfaces.invocations[11]!.bundles = ['tracez']), [expect.stringMatching(/^surfaces\.invocations\[11\]\.bundles\[0\]: unknown bundle "tracez"; known: common, /) as unknown as string]],
    ['a Nix placeholder in a shell script', (m) => (m.surfaces.invocations[11]!.output = '${pkgs.x}/ct'), ['surfaces.invocations[11].output: "${pkgs.x}" in "${pkgs.x}/ct" must name a shell variable']],
    ['legacy output that is not its --out', (m) => (m.legacy.invocations[0]!.output = '../bin/tester2'), ['legacy.invocations[0].output: "../bin/tester2" must equal the one --out: word of argv (found "../bin/tester")']],
  ];
  it.each(cases)('%s', (_name, edit, want) => expect(issues(edit)).toEqual(want));
});
