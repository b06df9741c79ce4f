/**
 * "Did you mean": the known name closest to a misspelled one by edit distance (insertions,
 * deletions, substitutions and swaps of neighbours), if it is close enough to be a typo.
 */

/** Optimal string alignment distance: Levenshtein plus a swap of two adjacent characters. */
export function editDistance(a: string, b: string): number {
  const rows = a.length + 1;
  const cols = b.length + 1;
  const d: number[][] = Array.from({ length: rows }, (_, i) => Array.from({ length: cols }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)));
  for (let i = 1; i < rows; i++) {
    for (let j = 1; j < cols; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      d[i]![j] = Math.min(d[i - 1]![j]! + 1, d[i]![j - 1]! + 1, d[i - 1]![j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) d[i]![j] = Math.min(d[i]![j]!, d[i - 2]![j - 2]! + 1);
    }
  }
  return d[a.length]![b.length]!;
}

/**
 * The choice closest to `word`, when at most a third of its letters (at least one) are wrong;
 * case is ignored, so `Entrypoint` finds `entrypoint`. The first of equally close choices wins.
 * Failing that, the one choice that `word` (two letters or more) begins: `win` for `windows`.
 */
export function closest(word: string, choices: readonly string[]): string | undefined {
  const limit = Math.max(1, Math.floor(word.length / 3));
  const lower = word.toLowerCase();
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const choice of choices) {
    if (choice === word) continue;
    const distance = editDistance(lower, choice.toLowerCase());
    if (distance <= limit && distance < bestDistance) {
      best = choice;
      bestDistance = distance;
    }
  }
  if (best !== undefined || word.length < 2) return best;
  const begun = choices.filter((choice) => choice !== word && choice.toLowerCase().startsWith(lower));
  return begun.length === 1 ? begun[0] : undefined;
}

/**
 * `unknown bundle "x"; known: a, b` and `target "os" has no action "x"; known: a, b` (validation),
 * `unknown target 'x'; known: a, b` (the resolver, for the CLI).
 */
const UNKNOWN_NAME = /^(.*\b(?:unknown|has no) [a-z][a-z ]* ("(?:[^"\\]|\\.)*"|'[^']*')); known: (.*)$/s;
const ENUM_CHOICE = /^(Invalid option: expected one of (.+?)) \(got ("(?:[^"\\]|\\.)*")\)$/s;

/**
 * A validation message with a suggestion for the misspelled name it reports:
 * `unknown bundle "entrypont"; known: common, …` → `unknown bundle "entrypont"; did you mean "entrypoint"?`
 * (the list stays when nothing is close), and zod's enum message gets the closest option.
 */
export function withSuggestion(message: string): string {
  const unknown = UNKNOWN_NAME.exec(message);
  if (unknown) {
    const quoted = unknown[2]!;
    const single = quoted.startsWith("'");
    const suggestion = closest(single ? quoted.slice(1, -1) : (JSON.parse(quoted) as string), unknown[3]!.split(', '));
    if (suggestion === undefined) return message;
    return `${unknown[1]}; did you mean ${single ? `'${suggestion}'` : JSON.stringify(suggestion)}?`;
  }
  const choice = ENUM_CHOICE.exec(message);
  if (choice) {
    const options = choice[2]!.split('|').flatMap((o) => (/^".*"$/.test(o) ? [JSON.parse(o) as string] : []));
    const got = JSON.parse(choice[3]!) as unknown;
    const suggestion = typeof got === 'string' ? closest(got, options) : undefined;
    if (suggestion !== undefined) return `${message}; did you mean ${JSON.stringify(suggestion)}?`;
  }
  return message;
}

/** `unknown field "bundle"; did you mean "bundles"?`, or the known fields when none is close. */
export function unknownFieldMessage(key: string, known: readonly string[] | undefined): string {
  const suggestion = known && closest(key, known);
  if (suggestion !== undefined) return `unknown field ${JSON.stringify(key)}; did you mean ${JSON.stringify(suggestion)}?`;
  return `unknown field ${JSON.stringify(key)}${known ? `; known: ${known.join(', ')}` : ''}`;
}
