import { RULE_IDS, RULES, type RuleId, SUPPRESSION_SYNTAX } from './rules.js';
import type { SourceText } from './source.js';

/** `# ct-gen-lint: allow nim-invocation -- reason`, after `#`, `//`, `/*` or `<!--`. */
const MARKER = /(?:#|\/\/|\/\*|<!--)\s*ct-gen-lint:(.*)$/;
/** The marker in another case (`# CT-GEN-LINT: …`), which MARKER does not read. */
const MISCASED = /(?:#|\/\/|\/\*|<!--)\s*(ct-gen-lint:)/i;
const ALLOW = /^allow\s+([A-Za-z0-9_,\s-]+?)\s*(?:--(.*))?$/s;

/** Where a suppression's marker is, and its text from there. */
interface Marker {
  line: number;
  column: number;
  text: string;
}

interface Suppression {
  rules: readonly RuleId[];
  from: number;
  to: number;
  /** For the report of one that covers no command. */
  marker: Marker;
  used: boolean;
}

export interface SuppressionProblem extends Marker {
  message: string;
}

export interface Suppressions {
  /** Whether a suppression covers a finding of `rule` at `line`; the ones that do count as used. */
  covers(line: number, rule: RuleId): boolean;
  problems: SuppressionProblem[];
  /** The well-formed suppressions of a rule `active` says was checked that no `covers` call used: misplaced, or left after their command went. */
  unused(active: (rule: RuleId) => boolean): SuppressionProblem[];
}

/**
 * The file's inline suppressions. A comment line covers commands starting on it or the next
 * line, a comment after code only its own line (or as far as `reach` says). One that gives no reason still applies, so the command is
 * reported once, as the suppression's problem.
 */
export function readSuppressions(source: SourceText, lines?: ReadonlySet<number>, reach?: ReadonlyMap<number, number>): Suppressions {
  const found: Suppression[] = [];
  const problems: SuppressionProblem[] = [];
  if (!/ct-gen-lint:/i.test(source.text)) return { covers: () => false, problems, unused: () => [] };
  for (let n = 1; n <= source.lineCount; n++) {
    if (lines && !lines.has(n)) continue;
    const text = source.line(n);
    const marker = MARKER.exec(text);
    const markerAt = (index: number): Marker => ({ line: n, column: index + 1, text: text.slice(index).trim() });
    if (!marker) {
      const other = MISCASED.exec(text);
      if (other && other[1] !== 'ct-gen-lint:') problems.push({ ...markerAt(other.index), message: `malformed suppression: the marker is ct-gen-lint, in lower case; write \`${SUPPRESSION_SYNTAX}\`` });
      continue;
    }
    const at = markerAt(marker.index);
    const problem = (message: string) => problems.push({ ...at, message });
    // Blanks collapsed first: the patterns here are quadratic in a long run of them.
    const body = marker[1]!.replace(/\s+/g, ' ').replace(/\s*(?:-->|\*\/)\s*$/, '').trim();
    const allow = ALLOW.exec(body);
    if (!allow) {
      problem(`malformed suppression; write \`${SUPPRESSION_SYNTAX}\``);
      continue;
    }
    const names = allow[1]!.split(/[\s,]+/).filter(Boolean);
    const rules = names.filter((name): name is RuleId => (RULE_IDS as readonly string[]).includes(name) && RULES[name as RuleId].suppressible);
    const unknown = names.filter((name) => !(rules as string[]).includes(name));
    const suppressible = RULE_IDS.filter((id) => RULES[id].suppressible);
    if (unknown.length > 0) problem(`suppression names ${unknown.map((u) => `'${u}'`).join(', ')}, not a rule it can allow; known: ${suppressible.join(', ')}`);
    const reason = (allow[2] ?? '').trim();
    if (!/\p{L}/u.test(reason)) problem(`suppression of ${names.join(', ')} gives no reason; write \`${SUPPRESSION_SYNTAX}\``);
    // A comment after code speaks for that line only; a comment line, for the line after it too.
    const trailing = text.slice(0, marker.index).trim() !== '';
    found.push({ rules, from: n, to: reach?.get(n) ?? (trailing ? n : n + 1), marker: at, used: false });
  }
  // By line, so a file of many suppressions and commands is not checked pair by pair.
  const byLine = new Map<number, Suppression[]>();
  for (const s of found) {
    for (let line = s.from; line <= s.to; line++) {
      const at = byLine.get(line);
      if (at) at.push(s);
      else byLine.set(line, [s]);
    }
  }
  return {
    covers: (line, rule) => {
      let covered = false;
      for (const s of byLine.get(line) ?? []) {
        if (!s.rules.includes(rule)) continue;
        s.used = true;
        covered = true;
      }
      return covered;
    },
    problems,
    unused: (active) =>
      found
        .filter((s) => !s.used && s.rules.some(active))
        .map((s) => ({ ...s.marker, message: `suppression of ${s.rules.join(', ')} covers no command: it applies to a command that starts on its line${s.to > s.from ? ' or the next' : ''}` })),
  };
}
