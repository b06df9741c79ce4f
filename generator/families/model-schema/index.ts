import type { FamilyRules } from '../contract.js';

export const modelSchema = {
  name: 'model-schema' as const,
  outputs: ['modelSchema'],
  // The JSON Schema of a model comes from model/schema/, not from the Codetracer instance.
  concepts: [],
} satisfies FamilyRules;
