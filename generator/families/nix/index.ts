import { isNixIdentifier } from '../../../model/schema/names.js';
import type { FamilyRules } from '../contract.js';

export const nix = {
  name: 'nix' as const,
  outputs: ['nixPhases', 'nixShell', 'nixFlakePackages'],
  concepts: ['surfaces', 'tup'],
  surfaces: [
    {
      kind: 'nix',
      newCalls: true,
      oneNim: { why: 'the Nix calls share one pinned nim, which the dev shell exports too' },
      placeholder: {
        pattern: /^[A-Za-z_][A-Za-z0-9_'-]*(\.[A-Za-z_][A-Za-z0-9_'-]*)*$/,
        accepts: (name) => name.split('.').every(isNixIdentifier),
        what: 'a Nix attribute path (no keyword) or an upper-case shell variable of the phase',
      },
      // Each unit is a derivation attribute.
      unit: { test: isNixIdentifier, what: "a Nix attribute name (letters, digits, _, ' and -, not starting with a digit, not a keyword)" },
    },
  ],
} satisfies FamilyRules;
