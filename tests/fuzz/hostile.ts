import type { Path, StringLeaf } from './model-strings.js';

/** mulberry32: a small seeded PRNG, so a failing run is repeated exactly from its seed. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A file name no generated file writes: a command an injected string runs creates it, or calls `touch` with it. */
export const CANARY = 'PWNED';

/** Strings that end, open or escape something in one of the syntaxes ct-gen writes, and commands that would leave the canary. */
export const HOSTILE = [
  '\n', '\r', '\r\n', '\0', '\t', '\u2028', '\u0085', '\u001b[31m',
  '"', "'", '\\', '`', '$', '${', '}', "''", "''${", '${x}', '$x', '{{', '}}', '%', '%o', '^', '|>', '|', '#', '# ', ';', '&', '<', '>', '*', '?', '[', '!', ' ', '=', ':', ',',
  '@(X)', '$(X)', '&(X)', '..', '/', '-', '--out:x', 'ü',
  `$(touch ${CANARY})`, `\`touch ${CANARY}\``, `;touch ${CANARY};`, `&& touch ${CANARY}`, `| touch ${CANARY}`, `\ntouch ${CANARY}\n`, `'; touch ${CANARY}; '`, `"; touch ${CANARY}; "`,
  `''\${builtins.toFile "${CANARY}" ""}`, `{{ \`touch ${CANARY}\` }}`, `%o; touch ${CANARY}`, `|> touch ${CANARY} |>`,
];

/** Values a model really holds that hosts treat specially: they must work, not be refused. */
export const REALISTIC = ['$ORIGIN/../lib', '${ORIGIN}', '@loader_path/../lib', "it's", 'a b', 'C:\\deps\\lib', '-d:x="y z"', '$PWD'];

export interface Mutation {
  leaf: StringLeaf;
  before: string;
  after: string;
  /** What was done, for messages: `insert "\n" at 3`. */
  how: string;
}

const pick = <T>(random: () => number, items: readonly T[]): T => items[Math.floor(random() * items.length)]!;

/**
 * Several KB of text: with a hostile string here and there, or of letters only (a long name), or
 * of letters and slashes (a long path, some components longer than a file system takes).
 */
function long(random: () => number): string {
  const size = 2048 + Math.floor(random() * 6144);
  const kind = random();
  let text = '';
  while (text.length < size) {
    if (kind < 1 / 3) text += random() < 0.9 ? 'abcdefghij'.slice(0, 1 + Math.floor(random() * 10)) : pick(random, HOSTILE);
    else if (kind < 2 / 3) text += 'abcdefghij'.slice(0, 1 + Math.floor(random() * 10));
    else text += `${'abcdefghij'.repeat(30).slice(0, 40 + Math.floor(random() * 260))}/`;
  }
  return text;
}

/** A changed value: a hostile or realistic string put in place of, into, before or after `value`, or a long one. */
export function mutateValue(random: () => number, value: string): { after: string; how: string } {
  const roll = random();
  const fragment = roll < 0.1 ? long(random) : roll < 0.2 ? pick(random, REALISTIC) : pick(random, HOSTILE);
  const shown = fragment.length > 40 ? `${fragment.length} characters` : JSON.stringify(fragment);
  const op = random();
  if (op < 0.2) return { after: fragment, how: `replace with ${shown}` };
  if (op < 0.4) return { after: fragment + value, how: `prefix ${shown}` };
  if (op < 0.6) return { after: value + fragment, how: `append ${shown}` };
  const at = Math.floor(random() * (value.length + 1));
  return { after: value.slice(0, at) + fragment + value.slice(at), how: `insert ${shown} at ${at}` };
}

/** A deep copy of `input` with the string at `leaf` changed (a record key renamed, its entry kept in place). */
export function withMutation(input: unknown, leaf: StringLeaf, after: string): unknown {
  const copy = structuredClone(input) as Record<string | number, unknown>;
  const parentPath: Path = leaf.path.slice(0, -1);
  const last = leaf.path[leaf.path.length - 1]!;
  let parent: Record<string | number, unknown> = copy;
  for (const key of parentPath) parent = parent[key] as Record<string | number, unknown>;
  if (leaf.key) {
    const entries = Object.entries(parent).map(([k, v]): [string, unknown] => (k === last ? [after, v] : [k, v]));
    for (const k of Object.keys(parent)) delete parent[k];
    for (const [k, v] of entries) parent[k] = v;
  } else {
    parent[last] = after;
  }
  return copy;
}

export function valueAt(input: unknown, path: Path): unknown {
  let current = input as Record<string | number, unknown> | undefined;
  for (const key of path) current = current?.[key] as Record<string | number, unknown> | undefined;
  return current;
}
