import type { FamilyRules } from '../contract.js';

export const extension = {
  name: 'extension' as const,
  outputs: ['extension'],
  concepts: ['surfaces'],
  surfaces: [{ kind: 'extension', newCalls: true, placeholder: { pattern: /^([A-Za-z_][A-Za-z0-9_]*|[1-9])$/, what: 'a shell variable or positional parameter' } }],
} satisfies FamilyRules;
