import type { FamilyRules } from '../contract.js';

export const tup = {
  name: 'tup' as const,
  outputs: ['tupJust'],
  concepts: ['tup', 'targets', 'platforms'],
  // Tup's rules take no placeholders.
  surfaces: [{ kind: 'tup', newCalls: { refused: 'the staged Tup tree is generated from tup.nodes' } }],
} satisfies FamilyRules;
