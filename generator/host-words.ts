import { posix } from 'node:path';
import { isPhaseVariable, parts } from './quote.js';

/**
 * Surface values may hold `${name}` placeholders for host variables. Each host writes them in its
 * own syntax, through the quoting helpers of quote.ts (`shHost`, `justHost`, `nixHost`); emitters
 * read here which placeholders a value holds, to declare them in the host file.
 */
export const placeholders = (value: string): string[] => parts(value).flatMap((p) => ('placeholder' in p ? [p.placeholder] : []));

export { isPhaseVariable };

/** The relative path from a directory of the repository back to its root: `tools/ct-gen` → `../..`. */
export const backToRoot = (dir: string): string => dir.split('/').map(() => '..').join('/');

/** The relative path from a generated file's directory back to the repository root: `tools/build/x.sh` → `../..`. */
export const rootFromFile = (path: string): string => (posix.dirname(path) === '.' ? '.' : backToRoot(posix.dirname(path)));
