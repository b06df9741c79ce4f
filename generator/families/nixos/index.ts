import type { FamilyRules } from '../contract.js';

export const nixos = {
  name: 'nixos' as const,
  outputs: ['nixosCommands', 'nixosLibrary', 'nixosModule', 'statusSchemas'],
  concepts: ['status'],
} satisfies FamilyRules;
