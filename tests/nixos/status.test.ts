import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { Host, modelWithStatus, type Stub } from './host.js';

const status = 'nixos-build-status';

async function report(host: Host, args: string[] = []) {
  const result = await host.run(status, ['--json', ...args]);
  expect(result.stderr).toBe('');
  return { exitCode: result.exitCode, report: host.docs.statusReport.parse(JSON.parse(result.stdout)) };
}

describe('nixos-build-status exit codes', () => {
  it('0: healthy and in sync, before any build was recorded', async () => {
    const { exitCode, report: r } = await report(new Host());
    expect(exitCode).toBe(0);
    expect(r).toMatchObject({
      version: '2.0.0',
      hostname: 'stub-host',
      syncStatus: 'in-sync',
      failedUnits: [],
      journalErrors: 0,
      lastBuild: null,
      buildErrors: { errorCount: 0, errors: [] },
      commit: '3f4851e',
      nixpkgsRev: 'abc123',
      overallStatus: 'success',
      exitCode: 0,
    });
    expect(r.generation).toMatchObject({ generation: 'g42', status: 'in-sync' });
  });

  it('0: healthy after a successful build, which the report carries', async () => {
    const host = new Host();
    await host.run('nixos-build-wrapper', ['os', 'switch']);
    const { exitCode, report: r } = await report(host);
    expect(exitCode).toBe(0);
    expect(r.lastBuild).toEqual(host.lastBuild());
  });

  it('1: out of sync', async () => {
    const host = new Host();
    host.set('sync', 'out-of-sync');
    const { exitCode, report: r } = await report(host);
    expect([exitCode, r.overallStatus, r.syncStatus]).toEqual([1, 'out-of-sync', 'out-of-sync']);
  });

  it('2: the last build failed', async () => {
    const host = new Host();
    host.set('build-exit', '4');
    await host.run('nixos-build-wrapper', ['os', 'test']);
    const { exitCode, report: r } = await report(host);
    expect(exitCode).toBe(2);
    expect(r.buildErrors.errors).toEqual([`last build (os test at ${host.lastBuild().buildStart}) failed with exit code 4`]);
  });

  it('2: failed systemd units, which win over out of sync', async () => {
    const host = new Host();
    host.set('sync', 'out-of-sync');
    host.set('failed-units', 'foo.service loaded failed failed Foo\n  bar@x.timer  loaded failed failed Bar\n');
    const { exitCode, report: r } = await report(host);
    expect([exitCode, r.overallStatus]).toEqual([2, 'error']);
    expect(r.failedUnits).toEqual(['foo.service', 'bar@x.timer']);
    expect(r.buildErrors).toEqual({ errorCount: 1, errors: ['failed systemd units: foo.service, bar@x.timer'] });
  });

  it.each([['--frobnicate'], ['json'], ['--json', '--bogus']])('3: invalid argument %s, usage on stderr', async (...args) => {
    const result = await new Host().run(status, args);
    expect(result.exitCode).toBe(3);
    expect(result.stdout).toBe('');
    expect(result.stderr).toMatch(/^nixos-build-status: unknown option '.*'\nUsage: nixos-build-status \[--json\] \[--verbose\]/);
  });

  it('takes every code from the model', async () => {
    const host = new Host({ model: modelWithStatus({ exitCodes: { healthy: 0, outOfSync: 10, buildErrors: 20, invalidArguments: 64 } }) });
    expect((await host.run(status)).exitCode).toBe(0);
    host.set('sync', 'out-of-sync');
    expect((await report(host)).exitCode).toBe(10);
    host.set('failed-units', 'foo.service loaded failed failed Foo\n');
    expect((await report(host)).exitCode).toBe(20);
    expect((await host.run(status, ['--nope'])).exitCode).toBe(64);
  });
});

describe('nixos-build-status output', () => {
  it('prints a human summary, and details with --verbose', async () => {
    const host = new Host();
    host.set('build-output', 'error: attribute "foo" missing\n       at /etc/nixos/flake.nix:3:5\n');
    host.set('build-exit', '1');
    host.set('journal', 'one\ntwo\nthree\n');
    await host.run('nixos-build-wrapper', ['os', 'build']);

    const brief = await host.run(status);
    expect(brief.exitCode).toBe(2);
    expect(brief.stdout).toContain('=== NixOS Build Status ===\nHost:            stub-host\nGeneration:      g42@3f4851e hm12\nSync:            in-sync\n');
    expect(brief.stdout).toMatch(/Last build: {6}os build at \S+: failed \(exit code 1\)\n/);
    expect(brief.stdout).not.toContain('Journal errors');

    const verbose = await host.run(status, ['--verbose']);
    expect(verbose.stdout).toContain('Journal errors:  3 since 1 hour ago\nnixpkgs:         abc123\n');
    expect(verbose.stdout).toContain('Build error:\nerror: attribute "foo" missing\n       at /etc/nixos/flake.nix:3:5\n');
    expect(verbose.stdout).toMatch(/✗ last build \(os build at \S+\) failed with exit code 1$/);
  });

  it('prints its usage with -h and the exit codes of the model', async () => {
    const result = await new Host().run(status, ['-h']);
    expect(result.exitCode).toBe(0);
    expect(result.stdout).toContain('  2  build errors: the last build failed or systemd units failed\n  1  out of sync');
  });

  const missing: Stub[] = ['nixos-generation-info', 'systemctl', 'journalctl', 'hostname'];
  it('degrades to "unknown" when nixos-generation-info, systemctl and journalctl are missing', async () => {
    const host = new Host({ without: missing });
    const { exitCode, report: r } = await report(host);
    expect(exitCode).toBe(0);
    expect(r).toMatchObject({ generation: 'unknown', syncStatus: 'unknown', failedUnits: 'unknown', journalErrors: 'unknown', commit: 'unknown', nixpkgsRev: 'unknown', overallStatus: 'success' });
    expect(r.hostname).not.toBe('');
    const human = await host.run(status, ['--verbose']);
    expect(human.exitCode).toBe(0);
    expect(human.stdout).toContain('Generation:      unknown\nSync:            unknown\n');
    expect(human.stdout).toContain('✓ System is healthy (sync status unknown)');
  });

  it('degrades to "unknown" when they fail or print garbage', async () => {
    const host = new Host();
    host.set('geninfo-broken', '');
    host.set('systemctl-broken', '');
    const { report: r } = await report(host);
    expect(r).toMatchObject({ generation: 'unknown', syncStatus: 'unknown', failedUnits: 'unknown' });
  });

  it('ignores a last-build.json that is not a build record', async () => {
    const host = new Host();
    await host.run('nixos-build-wrapper', ['os', 'build']);
    writeFileSync(join(host.logDir, 'last-build.json'), '{"exitCode": "zero"');
    const { exitCode, report: r } = await report(host);
    expect([exitCode, r.lastBuild]).toEqual([0, null]);
  });
});
