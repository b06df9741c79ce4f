import { describeChange, type ParityRow, type ParityStatus } from './compare.js';

const STATUSES: readonly ParityStatus[] = ['identical', 'equivalent', 'declared', 'undeclared', 'dead'];

/** The `--format json` document: one entry per legacy invocation. */
export function parityJson(rows: readonly ParityRow[]): string {
  const invocations = rows.map((r) => ({
    id: r.id,
    surface: r.surface,
    target: r.target,
    profile: r.profile,
    legacyFile: r.legacyFile,
    legacyLine: r.legacyLine,
    status: r.status,
    added: r.added,
    removed: r.removed,
    changed: r.changed,
    declared: r.declared,
    notes: r.notes,
  }));
  return `${JSON.stringify({ invocations }, null, 2)}\n`;
}

/** A table a person reads: one line per invocation, its differences indented below it, then totals. */
export function parityText(rows: readonly ParityRow[]): string {
  const cells = rows.map((r) => [r.surface, `${r.legacyFile}:${r.legacyLine}`, r.target, r.profile, r.status]);
  const header = ['SURFACE', 'LEGACY', 'TARGET', 'PROFILE', 'STATUS'];
  const widths = header.map((h, i) => Math.max(h.length, ...cells.map((c) => c[i]!.length)));
  const line = (c: string[]) => c.map((v, i) => v.padEnd(widths[i]!)).join('  ').trimEnd();
  const out = [line(header)];
  rows.forEach((r, i) => {
    out.push(line(cells[i]!));
    for (const text of r.added) out.push(`    + ${text}`);
    for (const text of r.removed) out.push(`    - ${text}`);
    for (const text of r.changed) out.push(`    ~ ${text}`);
    for (const change of r.declared) out.push(`    declared ${describeChange(change)} (${change.reason})`);
    for (const note of r.notes) out.push(`    ! ${note}`);
  });
  const counts = STATUSES.map((s) => `${rows.filter((r) => r.status === s).length} ${s}`).join(', ');
  out.push('', `${rows.length} legacy invocations: ${counts}`);
  return `${out.join('\n')}\n`;
}
