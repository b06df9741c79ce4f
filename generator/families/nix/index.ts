import type { Model } from '../../../model/schema/index.js';
import { q } from '../../../model/schema/rules.js';
import { surfaceOf } from '../../resolve/surface-call.js';
import type { FamilyRules, FamilyIssue } from '../contract.js';

const NIX_ATTRIBUTE = /^[A-Za-z_][A-Za-z0-9_'-]*$/;

/** Each Nix call's unit is a derivation attribute. */
function validate(model: Model): FamilyIssue[] {
  return model.surfaces.invocations.flatMap((s, i) =>
    surfaceOf(model, s) === 'nix' && !NIX_ATTRIBUTE.test(s.unit)
      ? [{ path: ['surfaces', 'invocations', i, 'unit'], message: `${q(s.unit)} is not a Nix attribute name (letters, digits, _, ' and -, not starting with a digit)` }]
      : [],
  );
}

export const nix = {
  name: 'nix' as const,
  outputs: ['nixPhases', 'nixShell', 'nixFlakePackages'],
  concepts: ['surfaces', 'tup'],
  surfaces: [{ kind: 'nix', newCalls: true, oneNim: { why: 'the Nix calls share one pinned nim, which the dev shell exports too' }, placeholder: { pattern: /^[A-Za-z_][A-Za-z0-9_'-]*(\.[A-Za-z_][A-Za-z0-9_'-]*)*$/, what: 'a Nix attribute path or an upper-case shell variable of the phase' } }],
  validate,
} satisfies FamilyRules;
