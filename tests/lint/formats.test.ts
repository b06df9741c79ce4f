import AjvDraft04, { type ErrorObject } from 'ajv-draft-04';
import ajvFormats from 'ajv-formats';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { formatCleanSummary, formatResult } from '../../lint/format/index.js';
import { RULE_IDS } from '../../lint/index.js';
import type { Finding, LintResult } from '../../lint/types.js';

const nim: Finding = {
  file: 'nix/packages/default.nix',
  line: 141,
  column: 13,
  rule: 'nim-invocation',
  severity: 'error',
  message: 'nim js (via ${nim-codetracer.out}/bin/nim2) builds target js:index outside the build driver; call tools/build/build_codetracer.sh instead',
  command: '${nim-codetracer.out}/bin/nim2 --warnings:off --out:./index.js js src/frontend/index.nim',
  class: 'product',
  target: 'js:index',
  fix: 'run tools/build/build_codetracer.sh --target js:index --profile debug --output ./index.js',
  suppress: '# ct-gen-lint: allow nim-invocation -- <reason> on the line of the command or the line before it (docs/lint.md, Allowed places)',
};
const koch: Finding = {
  file: 'ci/bootstrap.sh',
  line: 7,
  column: 1,
  rule: 'nim-invocation',
  severity: 'note',
  message: 'nim c (via bin/nim) compiles code outside the repository outside the build driver',
  command: 'bin/nim c koch',
  class: 'external',
  fix: "code outside the repository may compile with its own switches: allow it in the model: lint.allow entry { glob: 'ci/bootstrap.sh', sources: ['koch'], reason: '…' }",
  suppress: '# ct-gen-lint: allow nim-invocation -- <reason> on the line of the command or the line before it (docs/lint.md, Allowed places)',
};
const doc: Finding = { file: 'docs/a b.md', line: 3, column: 1, rule: 'nim-invocation', severity: 'warning', message: 'documentation shows nim c run outside the build driver; show tools/build/build_codetracer.sh instead', command: 'nim c x.nim' };
const unreadable: Finding = { file: 'secret.sh', line: 1, column: 1, rule: 'unreadable-file', severity: 'error', message: 'cannot read this file (EACCES), so it was not checked', command: '' };
const result: LintResult = { base: '/work/codetracer', findings: [nim, doc, unreadable, koch], scanned: 4, skipped: [] };
const clean: LintResult = { base: '/work/codetracer', findings: [], scanned: 3, skipped: [] };

describe('text', () => {
  it('prints file:line:col rule message, the command below, and a count', () => {
    expect(formatResult(result, 'text', '/work/codetracer')).toBe(
      [
        `nix/packages/default.nix:141:13 nim-invocation [product] ${nim.message}`,
        `    ${nim.command}`,
        `    fix: ${nim.fix}`,
        `    suppress: ${nim.suppress}`,
        `docs/a b.md:3:1 nim-invocation warning: ${doc.message}`,
        '    nim c x.nim',
        'secret.sh:1:1 unreadable-file cannot read this file (EACCES), so it was not checked',
        `ci/bootstrap.sh:7:1 nim-invocation [external] note: ${koch.message}`,
        '    bin/nim c koch',
        `    fix: ${koch.fix}`,
        `    suppress: ${koch.suppress}`,
        '',
        '2 errors, 1 warning, 1 note',
        '',
      ].join('\n'),
    );
  });

  it('prints nothing when clean', () => expect(formatResult(clean, 'text', '/')).toBe(''));

  it('has a one-line summary for a clean run, counting files read and skipped', () => {
    expect(formatCleanSummary(clean)).toBe('ct-gen lint: no findings in 3 files\n');
    expect(formatCleanSummary({ ...clean, scanned: 1 })).toBe('ct-gen lint: no findings in 1 file\n');
    expect(formatCleanSummary({ ...clean, scanned: 0, skipped: [{ file: 'a.sh', reason: 'binary' }] })).toBe('ct-gen lint: no findings in 0 files (1 skipped)\n');
  });
});

describe('json', () => {
  it('has exactly the documented fields', () => {
    const parsed = JSON.parse(formatResult(result, 'json', '/'));
    expect(Object.keys(parsed)).toEqual(['findings']);
    expect(parsed.findings[0]).toEqual(nim);
    expect(parsed.findings[3]).toEqual(koch);
    // The class, target, fix and suppression come with nim and nimble findings only, the target with a product.
    expect(parsed.findings.map((f: object) => Object.keys(f))).toEqual([
      ['file', 'line', 'column', 'rule', 'severity', 'message', 'command', 'class', 'target', 'fix', 'suppress'],
      ['file', 'line', 'column', 'rule', 'severity', 'message', 'command'],
      ['file', 'line', 'column', 'rule', 'severity', 'message', 'command'],
      ['file', 'line', 'column', 'rule', 'severity', 'message', 'command', 'class', 'fix', 'suppress'],
    ]);
    expect(JSON.parse(formatResult(clean, 'json', '/'))).toEqual({ findings: [] });
  });
});

describe('github', () => {
  it('writes one workflow command per finding, paths relative to the working directory, escaped', () => {
    const out = formatResult({ ...result, findings: [nim, doc, koch] }, 'github', '/work');
    expect(out.split('\n')).toEqual([
      `::error file=codetracer/nix/packages/default.nix,line=141,col=13,title=ct-gen lint nim-invocation::${nim.message}%0A${nim.command}%0Afix: ${nim.fix}%0Asuppress: ${nim.suppress}`,
      `::warning file=codetracer/docs/a b.md,line=3,col=1,title=ct-gen lint nim-invocation::${doc.message}%0Anim c x.nim`,
      `::notice file=codetracer/ci/bootstrap.sh,line=7,col=1,title=ct-gen lint nim-invocation::${koch.message}%0Abin/nim c koch%0Afix: ${koch.fix}%0Asuppress: ${koch.suppress}`,
      '',
    ]);
  });

  it('escapes %, line breaks, : and , as @actions/core does', () => {
    const odd: Finding = { ...doc, severity: 'error', line: 141, column: 13, file: 'a,b:c.sh', message: '100% sure', command: 'nim c x.nim\r' };
    expect(formatResult({ ...result, base: '/r', findings: [odd] }, 'github', '/r')).toBe(
      '::error file=a%2Cb%3Ac.sh,line=141,col=13,title=ct-gen lint nim-invocation::100%25 sure%0Anim c x.nim%0D\n',
    );
  });
});

/**
 * The SARIF 2.1.0 JSON schema as the SARIF SDK publishes it in @microsoft/jest-sarif
 * (`sarif-2.1.0-rtm.5.json`, JSON Schema draft-04). Its `language` pattern holds a stray `]`
 * that a regular expression without the `u` flag reads as a literal, as draft-04 validators
 * (the SDK's own ajv 6 among them) compile patterns.
 */
const sarifSchema: object = createRequire(import.meta.url)('@microsoft/jest-sarif/lib/schemas/sarif-2.1.0-rtm.5.json');
// Both packages are CommonJS: under NodeNext their default export is `module.exports.default`.
const ajv = new AjvDraft04.default({ allErrors: true, unicodeRegExp: false });
ajvFormats.default(ajv);
const validateSarif = ajv.compile(sarifSchema);
/** Where and why a log breaks the schema: `/runs/0/results/0/level must be equal to one of the allowed values`. */
const sarifErrors = (log: unknown): string[] => (validateSarif(log) ? [] : (validateSarif.errors ?? []).map((e: ErrorObject) => `${e.instancePath || '/'} ${e.message}`));

describe('sarif', () => {
  const log = JSON.parse(formatResult(result, 'sarif', '/'));

  it('is valid against the SARIF 2.1.0 schema, with findings, clean, and for the Codetracer-shaped tree', () => {
    expect(sarifErrors(log)).toEqual([]);
    expect(sarifErrors(JSON.parse(formatResult(clean, 'sarif', '/')))).toEqual([]);
    expect(sarifErrors(JSON.parse(readFileSync(join(import.meta.dirname, '../../snapshots/lint/codetracer-tree.sarif'), 'utf8')))).toEqual([]);
  });

  it('the validator rejects what the schema rejects', () => {
    const edited = (edit: (copy: any) => void) => {
      const copy = structuredClone(log);
      edit(copy);
      return sarifErrors(copy);
    };
    expect(edited((l) => (l.version = '2.0.0'))).toEqual(['/version must be equal to one of the allowed values']);
    expect(edited((l) => (l.extra = 1))).toEqual(['/ must NOT have additional properties']);
    expect(edited((l) => delete l.runs[0].results[0].message)).toEqual(["/runs/0/results/0 must have required property 'message'"]);
    expect(edited((l) => (l.runs[0].results[0].level = 'fatal'))).toEqual(['/runs/0/results/0/level must be equal to one of the allowed values']);
    expect(edited((l) => (l.runs[0].results[0].locations[0].physicalLocation.region.startLine = 0))).toEqual(['/runs/0/results/0/locations/0/physicalLocation/region/startLine must be >= 1']);
  });

  it('points each result at its rule and file, relative to the scanned root', () => {
    const run = log.runs[0];
    expect(run.tool.driver.rules.map((r: { id: string }) => r.id)).toEqual([...RULE_IDS]);
    expect(run.originalUriBaseIds).toEqual({ SRCROOT: { uri: 'file:///work/codetracer/' } });
    const [first, second, third] = run.results;
    expect(run.tool.driver.rules[first.ruleIndex].id).toBe(first.ruleId);
    expect(first.locations[0].physicalLocation).toEqual({
      artifactLocation: { uri: 'nix/packages/default.nix', uriBaseId: 'SRCROOT' },
      region: { startLine: 141, startColumn: 13, snippet: { text: nim.command } },
    });
    expect(second.level).toBe('warning');
    // The class, target and the fix travel as result properties; the message carries the fix too.
    expect(first.properties).toEqual({ class: 'product', target: 'js:index', fix: nim.fix, suppress: nim.suppress });
    expect(first.message.text).toBe(`${nim.message}. Fix: ${nim.fix}`);
    expect(run.results[3].level).toBe('note');
    expect(run.results[3].properties.class).toBe('external');
    expect(second.properties).toBeUndefined();
    expect(second.locations[0].physicalLocation.artifactLocation.uri).toBe('docs/a%20b.md');
    expect(third.locations[0].physicalLocation.region).toEqual({ startLine: 1, startColumn: 1 });
  });
});
