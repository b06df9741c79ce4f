import type { FamilyRules } from '../contract.js';

export const ci = {
  name: 'ci' as const,
  outputs: ['ci'],
  concepts: ['surfaces'],
} satisfies FamilyRules;
