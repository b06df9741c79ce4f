import { RULE_IDS, RULES, type RuleId, SUPPRESSION_SYNTAX } from './rules.js';
import type { SourceText } from './source.js';

/** `# ct-gen-lint: allow nim-invocation -- reason`, after `#`, `//`, `/*` or `<!--`. */
const MARKER = /(?:#|\/\/|\/\*|<!--)\s*ct-gen-lint:(.*)$/;
const ALLOW = /^allow\s+([A-Za-z0-9_,\s-]+?)\s*(?:--(.*))?$/s;

interface Suppression {
  rules: readonly RuleId[];
  from: number;
  to: number;
}

export interface SuppressionProblem {
  line: number;
  column: number;
  message: string;
  text: string;
}

export interface Suppressions {
  covers(line: number, rule: RuleId): boolean;
  problems: SuppressionProblem[];
}

/**
 * The file's inline suppressions. A comment line covers commands starting on it or the next
 * line, a comment after code only its own line (or as far as `reach` says). One that gives no reason still applies, so the command is
 * reported once, as the suppression's problem.
 */
export function readSuppressions(source: SourceText, lines?: ReadonlySet<number>, reach?: ReadonlyMap<number, number>): Suppressions {
  const found: Suppression[] = [];
  const problems: SuppressionProblem[] = [];
  if (!source.text.includes('ct-gen-lint:')) return { covers: () => false, problems };
  for (let n = 1; n <= source.lineCount; n++) {
    if (lines && !lines.has(n)) continue;
    const text = source.line(n);
    const marker = MARKER.exec(text);
    if (!marker) continue;
    const problem = (message: string) => problems.push({ line: n, column: marker.index + 1, message, text: text.slice(marker.index).trim() });
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
    found.push({ rules, from: n, to: reach?.get(n) ?? (trailing ? n : n + 1) });
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
    covers: (line, rule) => byLine.get(line)?.some((s) => s.rules.includes(rule)) ?? false,
    problems,
  };
}
