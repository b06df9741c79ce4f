import { isPhaseVariable, parts } from '../quote.js';

/**
 * Surface values may hold `${name}` placeholders for host variables. Each host writes them in its
 * own syntax, through the quoting helpers of quote.ts (`shHost`, `justHost`, `nixHost`); emitters
 * read here which placeholders a value holds, to declare them in the host file.
 */
export const placeholders = (value: string): string[] => parts(value).flatMap((p) => ('placeholder' in p ? [p.placeholder] : []));

export { isPhaseVariable };
