import { describe, expect, it } from 'vitest';
import type { z } from 'zod';
import { statusDocumentSchemas } from '../../model/schema/index.js';
import { modelIssues } from '../support/model-issues.js';
import { model } from '../support/tree.js';

const statusIssues = (status: unknown) => modelIssues((m) => (m.status = status));

describe('the status section is strict: a misspelled field is an error, not a setting ignored', () => {
  const target = { name: 'os', description: 'the system', nh: ['os'], fallback: 'nixos-rebuild', actions: [{ name: 'dry-build', nh: ['build', '--dry'], fallback: ['dry-build'] }] };
  const cases: [string, unknown, string[]][] = [
    ['the section', { historyLimt: 5 }, ['status: Unrecognized key: "historyLimt"']],
    ['exitCodes', { exitCodes: { healty: 0 } }, ['status.exitCodes: Unrecognized key: "healty"']],
    ['tools', { tools: { nhh: 'nh' } }, ['status.tools: Unrecognized key: "nhh"']],
    ['errors', { errors: { maxcount: 1 } }, ['status.errors: Unrecognized key: "maxcount"']],
    ['automation', { automation: { targt: 'os' } }, ['status.automation: Unrecognized key: "targt"']],
    ['a target', { targets: [{ ...target, fallbackNeedRoot: true }] }, ['status.targets[0]: Unrecognized key: "fallbackNeedRoot"']],
    ['an action', { targets: [{ ...target, actions: [{ ...target.actions[0], activate: true }] }] }, ['status.targets[0].actions[0]: Unrecognized key: "activate"']],
    ['none misspelled', { historyLimit: 5, targets: [target] }, []],
  ];
  it.each(cases)('%s', (_name, status, issues) => expect(statusIssues(status)).toEqual(issues));
});

describe('the JSON documents are strict too: the scripts generated with them write no other field', () => {
  const docs = statusDocumentSchemas(model.status);
  const generation = { generation: 'g42', generationRaw: '42', commit: 'abc1234', homeManagerGeneration: 'hm12' };
  const record = {
    buildStart: '2025-11-14T15:30:00+00:00',
    buildEnd: '2025-11-14T15:31:40+00:00',
    buildDuration: 100,
    target: 'os',
    action: 'switch',
    tool: 'nh',
    nom: true,
    flakePath: '/etc/nixos',
    exitCode: 0,
    success: true,
    hostname: 'host',
    user: 'root',
    command: 'nh os switch /etc/nixos',
    argv: ['nh', 'os', 'switch', '/etc/nixos'],
    preGeneration: generation,
    postGeneration: { ...generation, generation: 'g43', generationRaw: '43' },
    generationChanged: true,
    buildLogPath: '/var/log/nixos-builds/last-build.log',
    errors: [],
  };
  const issues = (schema: z.ZodType, value: unknown) => (schema.safeParse(value).error?.issues ?? []).map((i) => `${i.path.join('.')}: ${i.message}`);

  it('last-build.json: a record as the wrapper writes it passes; an extra field anywhere does not', () => {
    expect(issues(docs.lastBuild, record)).toEqual([]);
    expect(issues(docs.lastBuild, { ...record, durationMs: 100000 })).toEqual([': Unrecognized key: "durationMs"']);
    expect(issues(docs.lastBuild, { ...record, postGeneration: { ...generation, nixpkgsRev: 'x' } })).toEqual(['postGeneration: Unrecognized key: "nixpkgsRev"']);
    expect(issues(docs.buildHistory, [record, { ...record, extra: 1 }])).toEqual(['1: Unrecognized key: "extra"']);
  });

  it('the status report: strict, but nixos-generation-info’s own JSON passes through as it is', () => {
    const report = {
      version: '2.0.0',
      timestamp: '2025-11-14T15:32:00+00:00',
      hostname: 'host',
      generation: { generationRaw: '43', status: 'in-sync', anyFieldOfTheTool: true },
      syncStatus: 'in-sync',
      failedUnits: [],
      journalErrors: 0,
      lastBuild: record,
      buildErrors: { errorCount: 0, errors: [] },
      commit: 'abc1234',
      nixpkgsRev: 'def5678',
      overallStatus: 'success',
      exitCode: 0,
    };
    expect(issues(docs.statusReport, report)).toEqual([]);
    expect(issues(docs.statusReport, { ...report, uptime: 5 })).toEqual([': Unrecognized key: "uptime"']);
    expect(issues(docs.statusReport, { ...report, buildErrors: { errorCount: 0, errors: [], warnings: [] } })).toEqual(['buildErrors: Unrecognized key: "warnings"']);
  });
});
