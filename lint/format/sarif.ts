import { pathToFileURL } from 'node:url';
import { RULE_IDS, RULES } from '../rules.js';
import type { LintResult } from '../types.js';

const SCHEMA = 'https://json.schemastore.org/sarif-2.1.0.json';
const ROOT = 'SRCROOT';

/**
 * SARIF 2.1.0 for code scanning: one run, the rule catalogue in the driver, one result per
 * finding located relative to `%SRCROOT%` (the scanned root, given as an absolute URI).
 */
export function formatSarif(result: LintResult): string {
  const log = {
    $schema: SCHEMA,
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: 'ct-gen lint',
            rules: RULE_IDS.map((id) => ({
              id,
              shortDescription: { text: RULES[id].summary },
              help: { text: RULES[id].help },
              defaultConfiguration: { level: RULES[id].severity },
            })),
          },
        },
        originalUriBaseIds: { [ROOT]: { uri: `${pathToFileURL(result.base).href.replace(/\/?$/, '/')}` } },
        columnKind: 'utf16CodeUnits',
        results: result.findings.map((f) => ({
          ruleId: f.rule,
          ruleIndex: RULE_IDS.indexOf(f.rule),
          level: f.severity,
          message: { text: f.fix === undefined ? f.message : `${f.message}. Fix: ${f.fix}` },
          locations: [
            {
              physicalLocation: {
                artifactLocation: { uri: f.file.split('/').map(encodeURIComponent).join('/'), uriBaseId: ROOT },
                region: f.command ? { startLine: f.line, startColumn: f.column, snippet: { text: f.command } } : { startLine: f.line, startColumn: f.column },
              },
            },
          ],
          ...(f.class === undefined ? {} : { properties: { class: f.class, ...(f.target === undefined ? {} : { target: f.target }), fix: f.fix, suppress: f.suppress } }),
        })),
      },
    ],
  };
  return `${JSON.stringify(log, null, 2)}\n`;
}
