import type { Family } from '../../../generator/families/contract.js';
import { emitMake } from './emit.js';

/**
 * A family that exists only in the tests: a Make snippet with one rule per target that calls
 * the driver, and a `make` legacy surface. It is a folder and one registry line (here, the
 * `families` argument), nothing else.
 */
export const make: Family = {
  name: 'make',
  outputs: ['driver'],
  concepts: ['targets'],
  surfaces: [{ kind: 'make', newCalls: true, placeholder: { pattern: /^[A-Z_][A-Z0-9_]*$/, what: 'an upper-case make variable' } }],
  emit: emitMake,
};
