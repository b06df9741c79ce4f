import { posix } from 'node:path';
import { PLACEHOLDER } from '../model/schema/index.js';
import { nixIndentedBody, shellQuote } from './quote.js';

/**
 * Surface values may hold `${name}` placeholders for host variables. Each host writes them in
 * its own syntax; these functions turn one value into one word of that host, quoted so the
 * value reaches the driver unchanged.
 */

type Part = { literal: string } | { placeholder: string };

export function parts(value: string): Part[] {
  const out: Part[] = [];
  let last = 0;
  for (const m of value.matchAll(PLACEHOLDER)) {
    if (m.index > last) out.push({ literal: value.slice(last, m.index) });
    out.push({ placeholder: m[1]! });
    last = m.index + m[0].length;
  }
  if (last < value.length) out.push({ literal: value.slice(last) });
  return out;
}

export const placeholders = (value: string): string[] => parts(value).flatMap((p) => ('placeholder' in p ? [p.placeholder] : []));

/** A bash word: shell variables expand inside double quotes, everything else is literal. */
export function shellWord(value: string): string {
  const split = parts(value);
  if (split.every((p) => 'literal' in p)) return shellQuote(value);
  return `"${split.map((p) => ('literal' in p ? p.literal.replace(/[\\"$`]/g, '\\$&') : `\${${p.placeholder}}`)).join('')}"`;
}

/** A word in a just recipe line: recipe parameters are concatenated with literals and quoted by just itself. */
export function justWord(value: string): string {
  const split = parts(value);
  if (split.every((p) => 'literal' in p)) return shellQuote(value).replace(/\{\{/g, '{{"{{"}}');
  const terms = split.map((p) => {
    if ('placeholder' in p) return p.placeholder;
    if (p.literal.includes("'")) throw new Error(`value ${JSON.stringify(value)}: a literal next to a recipe parameter cannot hold a single quote`);
    return `'${p.literal}'`;
  });
  return `{{ quote(${terms.join(' + ')}) }}`;
}

const SENTINEL = '\u0000';

/** In a Nix phase, an upper-case placeholder (`${ISONIM_STAGE}`) is a shell variable the phase sets; any other is a Nix value. */
export const isPhaseVariable = (placeholder: string) => /^[A-Z][A-Z0-9_]*$/.test(placeholder);

/**
 * A bash word inside a Nix `''…''` string: Nix values become interpolations inside single quotes
 * (store paths hold no quote), phase variables are expanded by bash inside double quotes, the
 * rest is bash-quoted; the whole is then escaped for Nix.
 */
export function nixShellWord(value: string): string {
  const split = parts(value);
  if (split.every((p) => 'literal' in p)) return nixIndentedBody(shellQuote(value));
  const exprs = split.flatMap((p) => ('placeholder' in p && !isPhaseVariable(p.placeholder) ? [p.placeholder] : []));
  const bash = `'${split
    .map((p) => ('literal' in p ? p.literal.replace(/'/g, `'\\''`) : isPhaseVariable(p.placeholder) ? `'"$${p.placeholder}"'` : SENTINEL))
    .join('')}'`.replace(/^''(?=")/, '').replace(/(?<=")''$/, '');
  let i = 0;
  return nixIndentedBody(bash).replace(new RegExp(SENTINEL, 'g'), () => `\${${exprs[i++]}}`);
}

/** A multi-line command: the program, then one option and its value per continued line. */
export function continued(program: string, options: readonly (readonly [string, string])[], indent: string, word: (value: string) => string): string {
  return [program, ...options.map(([option, value]) => `${option} ${word(value)}`)].join(` \\\n${indent}`);
}

/** The driver as one host command runs it: with `NIM` set for that command alone when the unit pins a nim other than the one on PATH. */
export const driverProgram = (driver: string, nim: string, word: (value: string) => string): string => (nim === 'nim' ? driver : `NIM=${word(nim)} ${driver}`);

/** The relative path from a directory of the repository back to its root: `tools/ct-gen` → `../..`. */
export const backToRoot = (dir: string): string => dir.split('/').map(() => '..').join('/');

/** The relative path from a generated file's directory back to the repository root: `tools/build/x.sh` → `../..`. */
export const rootFromFile = (path: string): string => (posix.dirname(path) === '.' ? '.' : backToRoot(posix.dirname(path)));
