import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { formatResult } from '../../generator/lint/format/index.js';
import { RULE_IDS } from '../../generator/lint/index.js';
import type { Finding, LintResult } from '../../generator/lint/types.js';

const nim: Finding = {
  file: 'nix/packages/default.nix',
  line: 141,
  column: 13,
  rule: 'nim-invocation',
  severity: 'error',
  message: 'nim js (via ${upstream-nim-codetracer.out}/bin/nim) runs outside the build driver; call tools/build/build_codetracer.sh instead',
  command: '${upstream-nim-codetracer.out}/bin/nim --warnings:off --out:./index.js js src/frontend/index.nim',
};
const doc: Finding = { file: 'docs/a b.md', line: 3, column: 1, rule: 'nim-invocation', severity: 'warning', message: 'documentation shows nim c run outside the build driver; show tools/build/build_codetracer.sh instead', command: 'nim c x.nim' };
const unreadable: Finding = { file: 'secret.sh', line: 1, column: 1, rule: 'unreadable-file', severity: 'error', message: 'cannot read this file (EACCES), so it was not checked', command: '' };
const result: LintResult = { base: '/work/codetracer', findings: [nim, doc, unreadable], scanned: 3, skipped: [] };
const clean: LintResult = { base: '/work/codetracer', findings: [], scanned: 3, skipped: [] };

describe('text', () => {
  it('prints file:line:col rule message, the command below, and a count', () => {
    expect(formatResult(result, 'text', '/work/codetracer')).toBe(
      [
        `nix/packages/default.nix:141:13 nim-invocation ${nim.message}`,
        `    ${nim.command}`,
        `docs/a b.md:3:1 nim-invocation warning: ${doc.message}`,
        '    nim c x.nim',
        'secret.sh:1:1 unreadable-file cannot read this file (EACCES), so it was not checked',
        '',
        '2 errors, 1 warning',
        '',
      ].join('\n'),
    );
  });

  it('prints nothing when clean', () => expect(formatResult(clean, 'text', '/')).toBe(''));
});

describe('json', () => {
  it('has exactly the documented fields', () => {
    const parsed = JSON.parse(formatResult(result, 'json', '/'));
    expect(Object.keys(parsed)).toEqual(['findings']);
    expect(parsed.findings[0]).toEqual(nim);
    for (const f of parsed.findings) expect(Object.keys(f)).toEqual(['file', 'line', 'column', 'rule', 'severity', 'message', 'command']);
    expect(JSON.parse(formatResult(clean, 'json', '/'))).toEqual({ findings: [] });
  });
});

describe('github', () => {
  it('writes one workflow command per finding, paths relative to the working directory, escaped', () => {
    const out = formatResult({ ...result, findings: [nim, doc] }, 'github', '/work');
    expect(out.split('\n')).toEqual([
      `::error file=codetracer/nix/packages/default.nix,line=141,col=13,title=ct-gen lint nim-invocation::${nim.message}%0A${nim.command}`,
      `::warning file=codetracer/docs/a b.md,line=3,col=1,title=ct-gen lint nim-invocation::${doc.message}%0Anim c x.nim`,
      '',
    ]);
  });

  it('escapes %, line breaks, : and , as @actions/core does', () => {
    const odd: Finding = { ...nim, file: 'a,b:c.sh', message: '100% sure', command: 'nim c x.nim\r' };
    expect(formatResult({ ...result, base: '/r', findings: [odd] }, 'github', '/r')).toBe(
      '::error file=a%2Cb%3Ac.sh,line=141,col=13,title=ct-gen lint nim-invocation::100%25 sure%0Anim c x.nim%0D\n',
    );
  });
});

/**
 * The parts of the SARIF 2.1.0 schema (sarif-schema-2.1.0.json, OASIS) that this output
 * uses: required properties, enumerations, minimums, and no property the schema does not
 * define (its objects set additionalProperties: false).
 */
const level = z.enum(['none', 'note', 'warning', 'error']);
const message = z.strictObject({ text: z.string().optional(), id: z.string().optional(), markdown: z.string().optional() }).refine((m) => m.text !== undefined || m.id !== undefined, 'message needs text or id');
const multiformat = z.strictObject({ text: z.string(), markdown: z.string().optional() });
const artifactLocation = z.strictObject({ uri: z.string().optional(), uriBaseId: z.string().optional(), index: z.number().int().min(-1).optional(), description: message.optional() });
const region = z
  .strictObject({
    startLine: z.number().int().min(1).optional(),
    startColumn: z.number().int().min(1).optional(),
    endLine: z.number().int().min(1).optional(),
    endColumn: z.number().int().min(1).optional(),
    charOffset: z.number().int().min(-1).optional(),
    byteOffset: z.number().int().min(-1).optional(),
    snippet: z.strictObject({ text: z.string().optional(), binary: z.string().optional() }).optional(),
    message: message.optional(),
  })
  .refine((r) => r.startLine !== undefined || r.charOffset !== undefined || r.byteOffset !== undefined, 'region needs startLine, charOffset or byteOffset');
const physicalLocation = z.strictObject({ artifactLocation, region: region.optional(), contextRegion: region.optional() });
const result_ = z.strictObject({
  ruleId: z.string().optional(),
  ruleIndex: z.number().int().min(-1).optional(),
  level: level.optional(),
  message,
  locations: z.array(z.strictObject({ physicalLocation: physicalLocation.optional(), message: message.optional() })).optional(),
});
const reportingDescriptor = z.strictObject({
  id: z.string(),
  name: z.string().optional(),
  shortDescription: multiformat.optional(),
  fullDescription: multiformat.optional(),
  help: multiformat.optional(),
  helpUri: z.string().optional(),
  defaultConfiguration: z.strictObject({ level: level.optional(), enabled: z.boolean().optional(), rank: z.number().optional() }).optional(),
});
const sarifLog = z.strictObject({
  $schema: z.url().optional(),
  version: z.literal('2.1.0'),
  runs: z.array(
    z.strictObject({
      tool: z.strictObject({ driver: z.strictObject({ name: z.string(), version: z.string().optional(), informationUri: z.url().optional(), rules: z.array(reportingDescriptor).optional() }) }),
      originalUriBaseIds: z.record(z.string(), artifactLocation).optional(),
      columnKind: z.enum(['utf16CodeUnits', 'unicodeCodePoints']).optional(),
      results: z.array(result_).optional(),
    }),
  ),
});

describe('sarif', () => {
  const log = JSON.parse(formatResult(result, 'sarif', '/'));

  it('is structurally valid SARIF 2.1.0', () => {
    const parsed = sarifLog.safeParse(log);
    expect(parsed.success ? [] : parsed.error.issues).toEqual([]);
  });

  it('the validator rejects what the schema rejects', () => {
    expect(sarifLog.safeParse({ ...log, version: '2.0.0' }).success).toBe(false);
    expect(sarifLog.safeParse({ ...log, extra: 1 }).success).toBe(false);
    const noMessage = structuredClone(log);
    delete noMessage.runs[0].results[0].message;
    expect(sarifLog.safeParse(noMessage).success).toBe(false);
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
    expect(second.locations[0].physicalLocation.artifactLocation.uri).toBe('docs/a%20b.md');
    expect(third.locations[0].physicalLocation.region).toEqual({ startLine: 1, startColumn: 1 });
  });
});
