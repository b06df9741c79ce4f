import { Ajv2020 } from 'ajv/dist/2020.js';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { z } from 'zod';
import { modelIssues } from '../support/model-issues.js';
import { Host } from './host.js';
import { model } from '../support/model.js';

/** The problems of the model with this status section; the model's own targets unless it names its own. */
const statusIssues = (status: object) => modelIssues((m) => (m.status = { targets: model.status!.targets, ...status }));

describe('the status section is strict: a misspelled field is an error, not a setting ignored', () => {
  const target = { name: 'os', description: 'the system', nh: ['os'], fallback: 'nixos-rebuild', actions: [{ name: 'dry-build', nh: ['build', '--dry'], fallback: ['dry-build'] }] };
  const cases: [string, object, string[]][] = [
    ['the section', { historyLimt: 5 }, [expect.stringMatching(/^status: unknown field "historyLimt"; known: /) as unknown as string]],
    ['exitCodes', { exitCodes: { healty: 0 } }, [expect.stringMatching(/^status\.exitCodes: unknown field "healty"; known: /) as unknown as string]],
    ['tools', { tools: { nhh: 'nh' } }, [expect.stringMatching(/^status\.tools: unknown field "nhh"; known: /) as unknown as string]],
    ['errors', { errors: { maxcount: 1 } }, [expect.stringMatching(/^status\.errors: unknown field "maxcount"; known: /) as unknown as string]],
    ['automation', { automation: { targt: 'os' } }, [expect.stringMatching(/^status\.automation: unknown field "targt"; known: /) as unknown as string]],
    ['a target', { targets: [{ ...target, fallbackNeedRoot: true }] }, [expect.stringMatching(/^status\.targets\[0\]: unknown field "fallbackNeedRoot"; known: /) as unknown as string]],
    ['an action', { targets: [{ ...target, actions: [{ ...target.actions[0], activate: true }] }] }, [expect.stringMatching(/^status\.targets\[0\]\.actions\[0\]: unknown field "activate"; known: /) as unknown as string]],
    ['none misspelled', { historyLimit: 5, targets: [target] }, []],
  ];
  it.each(cases)('%s', (_name, status, issues) => expect(statusIssues(status)).toEqual(issues));
});

describe('the JSON documents are strict too: the generated scripts write no field the schemas lack', () => {
  const issues = (schema: z.ZodType, value: unknown) => (schema.safeParse(value).error?.issues ?? []).map((i) => `${i.path.join('.')}: ${i.message}`);

  it('what the wrapper and nixos-build-status write passes; an extra field anywhere does not', async () => {
    const host = new Host();
    expect((await host.run('nixos-build-wrapper', ['os', 'switch'])).exitCode).toBe(0);
    const status = await host.run('nixos-build-status', ['--json']);
    const record = JSON.parse(host.readLog('last-build.json'));
    const history = JSON.parse(host.readLog('build-history.json'));
    const report = JSON.parse(status.stdout);
    const { lastBuild, buildHistory, statusReport } = host.docs;

    expect([issues(lastBuild, record), issues(buildHistory, history), issues(statusReport, report)]).toEqual([[], [], []]);
    expect(issues(lastBuild, { ...record, durationMs: 1 })).toEqual([': Unrecognized key: "durationMs"']);
    expect(issues(lastBuild, { ...record, postGeneration: { ...record.postGeneration, nixpkgsRev: 'x' } })).toEqual(['postGeneration: Unrecognized key: "nixpkgsRev"']);
    expect(issues(buildHistory, [{ ...history[0], extra: 1 }])).toEqual(['0: Unrecognized key: "extra"']);
    expect(issues(statusReport, { ...report, uptime: 5 })).toEqual([': Unrecognized key: "uptime"']);
    expect(issues(statusReport, { ...report, buildErrors: { ...report.buildErrors, warnings: [] } })).toEqual(['buildErrors: Unrecognized key: "warnings"']);
    // nixos-generation-info's own JSON passes through as the tool wrote it.
    expect(issues(statusReport, { ...report, generation: { ...report.generation, anyFieldOfTheTool: true } })).toEqual([]);
  });
});

describe('the generated JSON Schema files, compiled by ajv', () => {
  it('accept what the generated scripts write and reject an extra field', async () => {
    const host = new Host();
    expect((await host.run('nixos-build-wrapper', ['os', 'switch'])).exitCode).toBe(0);
    const report = JSON.parse((await host.run('nixos-build-status', ['--json'])).stdout);
    const written: [string, unknown][] = [
      ['last-build', JSON.parse(host.readLog('last-build.json'))],
      ['build-history', JSON.parse(host.readLog('build-history.json'))],
      ['status-report', report],
    ];
    const ajv = new Ajv2020({ strict: false, allErrors: true });
    for (const [name, value] of written) {
      const validate = ajv.compile(JSON.parse(readFileSync(join(host.root, 'schemas/nixos', `${name}.schema.json`), 'utf8')));
      expect(validate(value), `${name}: ${JSON.stringify(validate.errors)}`).toBe(true);
      const extra = Array.isArray(value) ? [{ ...value[0], extra: 1 }] : { ...(value as object), extra: 1 };
      expect(validate(extra), `${name} with an extra field`).toBe(false);
    }
  });
});
