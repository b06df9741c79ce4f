import type { FamilyRules } from '../contract.js';

export const driver = {
  name: 'driver' as const,
  outputs: ['driver', 'flags', 'bundleArrayPrefix', 'targetArrayPrefix'],
  concepts: ['targets', 'bundles', 'profiles', 'platforms', 'layout'],
} satisfies FamilyRules;
