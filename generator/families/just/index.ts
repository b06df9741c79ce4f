import { JUST_NAME } from '../../../model/schema/names.js';
import type { FamilyRules } from '../contract.js';

export const just = {
  name: 'just' as const,
  outputs: ['just'],
  concepts: ['surfaces'],
  surfaces: [
    {
      kind: 'just',
      newCalls: true,
      placeholder: {
        pattern: /^[A-Za-z_][A-Za-z0-9_-]*$/,
        what: 'a just recipe parameter',
        // just joins a recipe parameter with the text around it in a '…' string, which has no escape for '.
        noSingleQuote: "recipe parameter cannot hold a single quote (just's '…' strings have no escape for it)",
      },
      unit: { test: (unit) => JUST_NAME.test(unit), what: 'a just recipe name (letters, digits, _ and -, not starting with a digit)' },
    },
  ],
} satisfies FamilyRules;
