import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { Host } from './host.js';

const suite = 'test-build-automation';
const run = (host: Host, args: string[] = [], env: Record<string, string> = {}) => host.run(suite, args, { scriptsOnPath: true, env });
const debugFiles = (host: Host) => (existsSync(host.logDir) ? readdirSync(host.logDir).filter((f) => f.startsWith('debug-context-')) : []);

describe('test-build-automation', () => {
  it('runs the four phases, builds the model’s default (os dry-build) and passes', async () => {
    const host = new Host();
    const result = await run(host);
    expect(result.exitCode).toBe(0);
    const phases = result.stdout.split('\n').filter((l) => l.startsWith('=== '));
    expect(phases).toEqual(['=== Phase 1: Pre-build ===', '=== Phase 2: Build ===', '=== Phase 3: Post-build ===', '=== Phase 4: Health ===', '=== Summary ===']);
    expect(result.stdout).toContain('Total: 8  Passed: 8  Failed: 0  Skipped: 0\nALL CHECKS PASSED');
    expect(host.calls('nh').map((c) => c.argv)).toEqual([['os', 'build', '--dry', '/etc/nixos']]);
    expect(host.calls('nix').map((c) => c.argv)).toEqual([['flake', 'metadata', '/etc/nixos', '--no-write-lock-file']]);
    expect(host.lastBuild()).toMatchObject({ target: 'os', action: 'dry-build', success: true });
    expect(debugFiles(host)).toEqual([]);
  });

  it('builds the TARGET and ACTION it is given', async () => {
    const host = new Host();
    expect((await run(host, ['home', 'build'])).exitCode).toBe(0);
    expect(host.calls('nh').map((c) => c.argv)).toEqual([['home', 'build', '/etc/nixos']]);
  });

  it('skips what it cannot check and still passes', async () => {
    const host = new Host({ without: ['nix', 'systemctl', 'nixos-generation-info'] });
    const result = await run(host);
    expect(result.exitCode).toBe(0);
    expect(result.stdout).toContain('SKIP  Flake evaluates: nix is not on PATH\n');
    expect(result.stdout).toContain('SKIP  No failed systemd units: systemctl is unavailable\n');
    expect(result.stdout).toContain('Total: 8  Passed: 4  Failed: 0  Skipped: 4\n');
  });

  it('fails when the build fails, summarises, and writes no debug context without AUTO_DEBUG', async () => {
    const host = new Host();
    host.set('build-output', 'error: infinite recursion encountered\n       at /etc/nixos/hosts/box.nix:7:3\n');
    host.set('build-exit', '1');
    const result = await run(host);
    expect(result.exitCode).toBe(1);
    expect(result.stdout).toContain('FAIL  Build os dry-build: exit code 1; error: infinite recursion encountered\n');
    expect(result.stdout).toContain('FAIL  Last build succeeded: recorded exit code: 1\n');
    expect(result.stdout).toContain('FAIL  nixos-build-status reports healthy: exit status 2 (error)\n');
    expect(result.stdout).toContain('Total: 8  Passed: 5  Failed: 3  Skipped: 0\nSOME CHECKS FAILED\nRun with AUTO_DEBUG=1');
    expect(debugFiles(host)).toEqual([]);
  });

  it('fails on failed units and an unevaluable flake', async () => {
    const host = new Host();
    host.set('nix-exit', '1');
    host.set('failed-units', 'sshd.service loaded failed failed SSH\n');
    const result = await run(host);
    expect(result.exitCode).toBe(1);
    expect(result.stdout).toContain('FAIL  Flake evaluates: ');
    expect(result.stdout).toContain('FAIL  No failed systemd units: sshd.service\n');
  });

  describe('with AUTO_DEBUG=1', () => {
    async function failingRun(env: Record<string, string>) {
      const host = new Host();
      host.set('build-output', 'compiling...\nerror: builder for \'/nix/store/q-app.drv\' failed\n       > "bad" \\ input\n');
      host.set('build-exit', '1');
      const result = await run(host, [], { AUTO_DEBUG: '1', ...env });
      expect(result.exitCode).toBe(1);
      const files = debugFiles(host);
      expect(files).toHaveLength(1);
      return { host, result, context: readFileSync(join(host.logDir, files[0]!), 'utf8') };
    }

    it('writes the debug context: failed checks, status report, build log tail, extracted errors', async () => {
      const { host, result, context } = await failingRun({});
      expect(result.stdout).toMatch(/Debug context written to .*debug-context-\d{8}T\d{6}-\w{6}\.md\n/);
      expect(result.stdout).toContain('Set NIXOS_BUILD_DEBUG_COMMAND to a shell command');
      expect(context).toContain("- Build os dry-build: exit code 1; error: builder for '/nix/store/q-app.drv' failed\n");
      const report = context.match(/## Status report\n\n~~~json\n([\s\S]*?)~~~/)![1]!;
      expect(host.docs.statusReport.parse(JSON.parse(report)).overallStatus).toBe('error');
      expect(context).toContain('## Build log (last 100 lines)\n\n~~~\ncompiling...\nerror: builder');
      const errors = context.match(/## Extracted errors\n\n~~~json\n([\s\S]*?)~~~/)![1]!;
      expect(JSON.parse(errors)).toEqual(["error: builder for '/nix/store/q-app.drv' failed\n       > \"bad\" \\ input"]);
    });

    it('pipes it to NIXOS_BUILD_DEBUG_COMMAND only when that is set', async () => {
      const { host, context } = await failingRun({ NIXOS_BUILD_DEBUG_COMMAND: 'cat >"$STUB_STATE/received"' });
      expect(readFileSync(join(host.state, 'received'), 'utf8')).toBe(context);
    });

    it('reports a failing debug command without changing the verdict', async () => {
      const { result } = await failingRun({ NIXOS_BUILD_DEBUG_COMMAND: 'exit 9' });
      expect(result.stderr).toContain('test-build-automation: warning: the debug command exited with status 9');
    });
  });

  const bad: [string, string[], RegExp][] = [
    ['unknown target', ['darwin'], /unknown TARGET\/ACTION 'darwin\/dry-build'; known: os\/switch, os\/boot, /],
    ['action the target lacks', ['home', 'boot'], /unknown TARGET\/ACTION 'home\/boot'/],
    ['unknown option', ['--fast'], /unknown option '--fast'/],
    ['a third word', ['os', 'build', 'now'], /unexpected argument 'now'/],
  ];
  it.each(bad)('rejects %s with usage on stderr and exit 3', async (_name, args, message) => {
    const host = new Host();
    const result = await run(host, args);
    expect(result.exitCode).toBe(3);
    expect(result.stderr).toMatch(message);
    expect(result.stderr).toContain('Usage: test-build-automation [TARGET [ACTION]]');
    expect(host.calls()).toEqual([]);
  });
});
