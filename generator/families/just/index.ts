import type { FamilyRules } from '../contract.js';

export const just = {
  name: 'just' as const,
  outputs: ['just'],
  concepts: ['surfaces'],
  surfaces: [{ kind: 'just', newCalls: true, placeholder: { pattern: /^[A-Za-z_][A-Za-z0-9_-]*$/, what: 'a just recipe parameter' } }],
} satisfies FamilyRules;
