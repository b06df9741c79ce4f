import type { ParityReport, ParityStatus } from './compare.js';
import { describeChange, type Suggestion, type UnusedDeclaration } from './declarations.js';

const STATUSES: readonly ParityStatus[] = ['identical', 'equivalent', 'declared', 'undeclared', 'dead'];

/** The totals both formats end with: legacy invocations by status, new surface calls, declarations that occur nowhere. */
function totals({ rows, unused }: ParityReport) {
  const legacy = rows.filter((r) => r.status !== 'new');
  const byStatus = Object.fromEntries(STATUSES.map((s) => [s, legacy.filter((r) => r.status === s).length])) as Record<(typeof STATUSES)[number], number>;
  return { legacy: legacy.length, ...byStatus, new: rows.length - legacy.length, unusedDeclarations: unused.length };
}

/** The `--format json` document: one entry per legacy invocation (and new call), the declarations that occur nowhere, and the totals. */
export function parityJson(report: ParityReport): string {
  const { rows, unused } = report;
  const invocations = rows.map((r) => ({
    id: r.id,
    surface: r.surface,
    target: r.target,
    profile: r.profile,
    ...(r.platform === '' ? {} : { platform: r.platform }),
    legacyFile: r.legacyFile,
    legacyLine: r.legacyLine,
    status: r.status,
    added: r.added,
    removed: r.removed,
    changed: r.changed,
    declared: r.declared,
    notes: r.notes,
    suggestions: r.suggestions,
  }));
  const unusedDeclarations = unused.map((u) => ({ ...u.declaration, inheritedBy: u.rows, undeclared: u.undeclared, differing: u.differing }));
  return `${JSON.stringify({ invocations, unusedDeclarations, summary: totals(report) }, null, 2)}\n`;
}

/** A JavaScript string literal as the model files write them: single quotes. */
const literal = (value: string) => `'${value.replace(/[\\']/g, (c) => `\\${c}`).replace(/\n/g, '\\n')}'`;

/** A declaration as a person pastes it into a `declaredChanges` list: `{ setting: '--lineDir', from: '--lineDir:on', to: '--lineDir:off', reason: '…' }`. */
export function declarationLiteral(declaration: Suggestion['declaration']): string {
  const fields = Object.entries(declaration).map(([key, value]) => `${key}: ${literal(value)}`);
  return `{ ${fields.join(', ')} }`;
}

const suggestionLines = (s: Suggestion) => [
  `      declare in ${s.on.map((p) => `${p.path} (${p.on === 'call' ? 'this call' : p.on})`).join(' or ')}:`,
  `        ${declarationLiteral(s.declaration)}`,
];

function unusedLines({ declaration: d, rows, undeclared, differing }: UnusedDeclaration): string[] {
  const count = (ids: readonly string[]) => (ids.length === 1 ? ids[0]! : `${ids.length} rows`);
  const list = (settings: UnusedDeclaration['differing']) => settings.map((x) => `${JSON.stringify(x.setting)} (${count(x.rows)})`).join(', ');
  const there = undeclared.length > 0
    ? `the undeclared settings there: ${list(undeclared)}`
    : differing.length > 0 ? `nothing undeclared there; the settings that differ: ${list(differing)}` : 'nothing differs there';
  const detail = rows.length === 0 ? 'no row inherits it' : `it occurs on none of the rows that inherit it (${count(rows)}); ${there}`;
  return [`  ${d.at} (${d.on}): ${describeChange(d)}`, `    ${detail}`];
}

/** A table a person reads: one line per invocation, its differences indented below it, then the declarations that occur nowhere and totals. */
export function parityText(report: ParityReport): string {
  const { rows, unused } = report;
  // A platform column once a row builds for another platform than the host's.
  const platforms = rows.some((r) => r.platform !== '');
  const cells = rows.map((r) => [r.surface, r.status === 'new' ? '(new)' : `${r.legacyFile}:${r.legacyLine}`, r.target, r.profile, ...(platforms ? [r.platform || (r.status === 'dead' ? '' : '(host)')] : []), r.status]);
  const header = ['SURFACE', 'LEGACY', 'TARGET', 'PROFILE', ...(platforms ? ['PLATFORM'] : []), 'STATUS'];
  const widths = header.map((h, i) => Math.max(h.length, ...cells.map((c) => c[i]!.length)));
  const line = (c: string[]) => c.map((v, i) => v.padEnd(widths[i]!)).join('  ').trimEnd();
  const out = [line(header)];
  rows.forEach((r, i) => {
    out.push(line(cells[i]!));
    for (const text of r.added) out.push(`    + ${text}`);
    for (const text of r.removed) out.push(`    - ${text}`);
    for (const text of r.changed) out.push(`    ~ ${text}`);
    for (const change of r.declared) out.push(`    declared ${change.on === 'call' ? '' : `by ${change.on}: `}${describeChange(change)} (${change.reason})`);
    for (const note of r.notes) {
      out.push(`    ! ${note}`);
      const suggestion = r.suggestions.find((s) => note === `undeclared: ${s.difference}`);
      if (suggestion) out.push(...suggestionLines(suggestion));
    }
  });
  if (unused.length > 0) out.push('', 'Declared changes that occur on no row:', ...unused.flatMap(unusedLines));
  const sum = totals(report);
  const counts = STATUSES.map((s) => `${sum[s]} ${s}`).join(', ');
  const fresh = sum.new;
  const extra = [
    ...(fresh > 0 ? [`${fresh} new surface call${fresh === 1 ? '' : 's'}`] : []),
    ...(unused.length > 0 ? [`${unused.length} declared change${unused.length === 1 ? '' : 's'} occurring nowhere`] : []),
  ];
  out.push('', `${sum.legacy} legacy invocations: ${counts}${extra.map((e) => `; ${e}`).join('')}`);
  return `${out.join('\n')}\n`;
}
