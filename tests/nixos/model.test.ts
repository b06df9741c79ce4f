import { describe, expect, it } from 'vitest';
import { validateModel } from '../../generator/model.js';
import { generateFiles } from '../../generator/pipeline.js';
import { codetracer } from '../../model/codetracer/index.js';
import { modelIssues } from '../support/model-issues.js';
import { model } from '../support/model.js';

/** The problems of the model with this status section; the seed's targets unless it names its own. */
const statusIssues = (status: object) => modelIssues((m) => (m.status = { targets: codetracer.status!.targets, ...status }));

describe('status model section', () => {
  it('is optional: without it no status tooling is generated', () => {
    const { status, ...rest } = codetracer;
    expect(status).toBeDefined();
    const bare = validateModel(rest);
    expect(bare.status).toBeUndefined();
    const paths = generateFiles(bare).map((f) => f.path);
    for (const path of [bare.layout.nixosLibrary, bare.layout.nixosModule]) expect(paths).not.toContain(path);
    expect(paths.filter((p) => p.startsWith(`${bare.layout.nixosCommands}/`) || p.startsWith(`${bare.layout.statusSchemas}/`))).toEqual([]);
  });

  it('needs its targets, and fills every other default: the seed’s layout', () => {
    const { status, ...rest } = codetracer;
    expect(modelIssues((m) => (m.status = {}))).toEqual(['status.targets: Invalid input: expected array, received undefined']);
    const bare = validateModel({ ...rest, status: { targets: status!.targets } });
    expect(bare.status).toEqual(model.status);
    expect(bare.status).toMatchObject({
      logDir: '/var/log/nixos-builds',
      historyLimit: 100,
      exitCodes: { healthy: 0, outOfSync: 1, buildErrors: 2, invalidArguments: 3 },
      tools: { nh: 'nh', nom: 'nom', generationInfo: 'nixos-generation-info', elevate: 'sudo', nhNoNomArgs: ['--no-nom'] },
    });
    expect(bare.status!.targets.map((t) => [t.name, t.fallback, t.actions.map((a) => a.name)])).toEqual([
      ['os', 'nixos-rebuild', ['switch', 'boot', 'test', 'build', 'dry-build']],
      ['home', 'home-manager', ['switch', 'build', 'dry-build']],
    ]);
  });

  const os = model.status!.targets[0]!;
  const cases: [string, object, string[]][] = [
    ['relative log dir', { logDir: 'var/log' }, ['status.logDir: must be an absolute path (got "var/log")']],
    ['negative history limit', { historyLimit: -5 }, ['status.historyLimit: Too small: expected number to be >0 (got -5)']],
    ['two exit codes alike', { exitCodes: { outOfSync: 2 } }, ['status.exitCodes.buildErrors: 2 is already the exit code for outOfSync']],
    ['exit code beyond 125', { exitCodes: { healthy: 126 } }, ['status.exitCodes.healthy: Too big: expected number to be <=125 (got 126)']],
    ['duplicate target', { targets: [os, os] }, ['status.targets[1].name: duplicate target "os" (first at targets[0])']],
    ['duplicate action', { targets: [{ ...os, actions: [os.actions[0], os.actions[0]] }], automation: { action: 'switch' } }, ['status.targets[0].actions[1].name: duplicate action "switch" (first at targets[0].actions[0])']],
    ['a word a shell would split', { tools: { nh: 'nh --verbose' } }, ['status.tools.nh: must be one plain command-line word (letters, digits and _@%+=:,./-) (got "nh --verbose")']],
    ['automation target unknown', { automation: { target: 'darwin' } }, ['status.automation.target: unknown target "darwin"; known: os, home']],
    ['automation action unknown for its target', { automation: { target: 'home', action: 'boot' } }, ['status.automation.action: target "home" has no action "boot"; known: switch, build, dry-build']],
    ['description on two lines', { targets: [{ ...os, description: 'a\nb' }] }, ['status.targets[0].description: must be one line of printable text, without line breaks, NUL or other control characters (found U+000A at 1) (got "a\\nb")']],
  ];
  it.each(cases)('rejects %s, naming the field', (_name, status, issues) => {
    expect(statusIssues(status)).toEqual(issues);
  });
});
