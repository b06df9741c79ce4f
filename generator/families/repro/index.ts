import type { Model } from '../../../model/schema/index.js';
import { surfaceOf } from '../../resolve/surface-call.js';
import type { FamilyRules, FamilyIssue } from '../contract.js';

/** reprobuild reads a call's switches from the generated module: a call names only target, profile and platform. */
function validate(model: Model): FamilyIssue[] {
  return model.surfaces.invocations.flatMap((s, i) =>
    surfaceOf(model, s) === 'repro' && s.bundles.length + s.withoutBundles.length + s.defines.length + s.flags.length > 0
      ? [{ path: ['surfaces', 'invocations', i], message: 'a repro call takes no bundles, defines or flags: reprobuild reads the switches of a target, profile and platform from the generated Nim module' }]
      : [],
  );
}

export const repro = {
  name: 'repro' as const,
  outputs: ['reproModule'],
  concepts: ['targets', 'bundles', 'profiles', 'platforms'],
  surfaces: [{ kind: 'repro', newCalls: true, placeholder: { pattern: /^[A-Za-z_][A-Za-z0-9_]*$/, what: 'an environment variable' } }],
  validate,
} satisfies FamilyRules;
