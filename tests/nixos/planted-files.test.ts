import { execFileSync } from 'node:child_process';
import { chmodSync, existsSync, linkSync, lstatSync, mkdirSync, readdirSync, readFileSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { Host } from './host.js';

/**
 * The log directory's group may write to it, so a member can plant anything under the names
 * the tools use. Each planted file must be refused by name, with a non-zero exit, without
 * following it, creating its target, copying what it points to, or waiting on a FIFO (a hang
 * would show as the per-test timeout).
 */

const wrapper = 'nixos-build-wrapper';
const SECRET = '["root-only secret"]';

type Kind = 'dangling symlink' | 'symlink to a private file' | 'FIFO' | 'directory';
const DESCRIBED: Record<Kind, RegExp> = {
  'dangling symlink': /it is a symbolic link \(to '[^']*planted-target'\)/,
  'symlink to a private file': /it is a symbolic link \(to '[^']*secret\.json'\)/,
  FIFO: /it is a FIFO \(named pipe\)/,
  directory: /it is a directory/,
};

/** A host whose log directory holds `name` planted as `kind`, plus a 0600 secret and a target path outside it. */
function planted(name: string, kind: Kind) {
  const host = new Host();
  mkdirSync(host.logDir, { recursive: true });
  const secret = join(host.root, 'secret.json');
  writeFileSync(secret, SECRET);
  chmodSync(secret, 0o600);
  const target = join(host.root, 'planted-target');
  plant(join(host.logDir, name), kind, { secret, target });
  return { host, secret, target, path: join(host.logDir, name) };
}

function plant(path: string, kind: Kind, { secret, target }: { secret: string; target: string }): void {
  if (kind === 'dangling symlink') symlinkSync(target, path);
  else if (kind === 'symlink to a private file') symlinkSync(secret, path);
  else if (kind === 'FIFO') execFileSync('mkfifo', [path]);
  else mkdirSync(path);
}

/** Nothing in the log directory holds the secret, the planted file is still what was planted, the target does not exist. */
function expectUntouched({ host, secret, target, path }: ReturnType<typeof planted>, kind: Kind): void {
  expect(existsSync(target)).toBe(false);
  expect(readFileSync(secret, 'utf8')).toBe(SECRET);
  const stat = lstatSync(path);
  expect(kind === 'FIFO' ? stat.isFIFO() : kind === 'directory' ? stat.isDirectory() : stat.isSymbolicLink()).toBe(true);
  for (const file of readdirSync(host.logDir)) {
    const full = join(host.logDir, file);
    if (lstatSync(full).isFile()) expect(readFileSync(full, 'utf8'), file).not.toContain('root-only secret');
  }
}

describe('nixos-build-wrapper refuses planted files before building', () => {
  const cases: [string, Kind][] = [
    ['.build-status.lock', 'dangling symlink'],
    ['.build-status.lock', 'FIFO'],
    ['build-history.json', 'symlink to a private file'],
    ['build-history.json', 'dangling symlink'],
    ['build-history.json', 'FIFO'],
    ['build-history.json', 'directory'],
    ['last-build.json', 'dangling symlink'],
    ['last-build.json', 'FIFO'],
    ['last-build.log', 'symlink to a private file'],
  ];
  it.each(cases)('%s as a %s', async (name, kind) => {
    const scene = planted(name, kind);
    const result = await scene.host.run(wrapper, ['os', 'switch']);
    expect(result.exitCode).toBe(1);
    expect(result.stderr).toContain(`nixos-build-wrapper: refusing ${scene.path}: `);
    expect(result.stderr).toMatch(DESCRIBED[kind]);
    expect(result.stderr).toContain(`nixos-build-wrapper: not building: the build could not be recorded in ${scene.host.logDir}`);
    expect(scene.host.calls('nh')).toEqual([]);
    expectUntouched(scene, kind);
    expect(readdirSync(scene.host.logDir)).toEqual([name]);
  });

  it('a history that is a hard link, or not readable by everyone, is not read either', async () => {
    const linked = new Host();
    mkdirSync(linked.logDir, { recursive: true });
    const original = join(linked.root, 'history.json');
    writeFileSync(original, SECRET);
    chmodSync(original, 0o644);
    linkSync(original, join(linked.logDir, 'build-history.json'));
    const first = await linked.run(wrapper, ['os', 'build']);
    expect(first.exitCode).toBe(1);
    expect(first.stderr).toMatch(/refusing .*\/build-history\.json: it is a file with 2 hard links/);

    const host = new Host();
    mkdirSync(host.logDir, { recursive: true });
    writeFileSync(join(host.logDir, 'build-history.json'), SECRET);
    chmodSync(join(host.logDir, 'build-history.json'), 0o600);
    const second = await host.run(wrapper, ['os', 'build']);
    expect(second.exitCode).toBe(1);
    expect(second.stderr).toMatch(/refusing .*\/build-history\.json: it is a file not readable by everyone \(mode 0600\)/);
    expect([...linked.calls('nh'), ...host.calls('nh')]).toEqual([]);
  });
});

describe('nixos-build-wrapper refuses files planted while the build runs', () => {
  // The build itself plants the file (made beforehand, moved into place), after the wrapper's
  // first check: the check under the lock catches it.
  function plantingBuild(scene: ReturnType<typeof planted>, name: string, kind: Kind, exit: number): void {
    const made = join(scene.host.root, 'to-plant');
    plant(made, kind, scene);
    const into = join(scene.host.logDir, name);
    writeFileSync(join(scene.host.stubs, 'nh'), `#!/bin/bash\nmv -T ${JSON.stringify(made)} ${JSON.stringify(into)}\necho 'building...'\nexit ${exit}\n`, { mode: 0o755 });
  }

  const cases: [string, Kind][] = [
    ['.build-status.lock', 'dangling symlink'],
    ['build-history.json', 'symlink to a private file'],
    ['build-history.json', 'FIFO'],
  ];
  it.each(cases)('%s as a %s: the build ran, nothing is recorded, exit 1', async (name, kind) => {
    const scene = planted('unrelated', 'directory');
    plantingBuild(scene, name, kind, 0);
    const result = await scene.host.run(wrapper, ['os', 'build']);
    expect(result.exitCode).toBe(1);
    expect(result.stdout).toContain('building...');
    expect(result.stderr).toContain(`nixos-build-wrapper: refusing ${join(scene.host.logDir, name)}: `);
    expect(result.stderr).toMatch(DESCRIBED[kind]);
    expect(result.stderr).toContain('nixos-build-wrapper: warning: the build ran but was not recorded');
    expectUntouched({ ...scene, path: join(scene.host.logDir, name) }, kind);
    expect(existsSync(join(scene.host.logDir, 'last-build.json'))).toBe(false);
    // No temporary file is left behind either.
    expect(readdirSync(scene.host.logDir).sort()).toEqual([name, 'unrelated'].sort());
  });

  it('a failed build keeps its own exit code', async () => {
    const scene = planted('unrelated', 'directory');
    plantingBuild(scene, 'last-build.json', 'FIFO', 4);
    const result = await scene.host.run(wrapper, ['os', 'build']);
    expect(result.exitCode).toBe(4);
    expect(result.stderr).toMatch(/refusing .*\/last-build\.json: it is a FIFO \(named pipe\)/);
  });
});

describe('nixos-build-status refuses a planted last-build.json', () => {
  it.each<[Kind]>([['FIFO'], ['symlink to a private file'], ['directory']])('as a %s: names it, reports an error, exits 2', async (kind) => {
    const scene = planted('last-build.json', kind);
    const json = await scene.host.run('nixos-build-status', ['--json']);
    expect(json.exitCode).toBe(scene.host.model.status!.exitCodes.buildErrors);
    expect(json.stderr).toContain(`nixos-build-status: refusing ${scene.path}: `);
    expect(json.stderr).toMatch(DESCRIBED[kind]);
    const report = scene.host.docs.statusReport.parse(JSON.parse(json.stdout));
    expect(report).toMatchObject({ lastBuild: null, overallStatus: 'error', buildErrors: { errorCount: 1 } });
    expect(report.buildErrors.errors[0]).toMatch(new RegExp(`^refused ${scene.path}: ${DESCRIBED[kind].source}`));

    const human = await scene.host.run('nixos-build-status', ['-v']);
    expect(human.exitCode).toBe(2);
    expect(human.stdout).toContain('Last build:      none recorded\n');
    expect(human.stdout).toMatch(/✗ refused .*last-build\.json: it is/);
    expectUntouched(scene, kind);
  });

  it('the library answers null and [] for planted files, naming them', async () => {
    const scene = planted('last-build.json', 'FIFO');
    plant(join(scene.host.logDir, 'build-history.json'), 'symlink to a private file', scene);
    const result = await scene.host.library('get_last_build_status; get_build_history; check_log_files || echo refused');
    expect(result.stdout).toBe('null\n[]\nrefused');
    expect(result.stderr).toMatch(/refusing .*\/last-build\.json: it is a FIFO/);
    expect(result.stderr).toMatch(/refusing .*\/build-history\.json: it is a symbolic link/);
  });
});

describe('test-build-automation with a planted build log', () => {
  it('refuses to read it into the debug context', async () => {
    const scene = planted('last-build.log', 'FIFO');
    const result = await scene.host.run('test-build-automation', [], { scriptsOnPath: true, env: { AUTO_DEBUG: '1' } });
    expect(result.exitCode).toBe(1);
    expect(result.stderr).toMatch(/test-build-automation: refusing .*\/last-build\.log: it is a FIFO/);
    const [context] = readdirSync(scene.host.logDir).filter((f) => f.startsWith('debug-context-'));
    const file = join(scene.host.logDir, context!);
    expect(readFileSync(file, 'utf8')).toContain('## Build log (last 100 lines)\n\n~~~\n(build log refused)\n~~~');
    expect(statSync(file).mode & 0o777).toBe(0o600);
  });
});

describe('files the wrapper creates', () => {
  it('are mode 0644 whatever the umask, and the lock is a regular file', async () => {
    const host = new Host();
    const script = join(host.root, 'umask-077');
    writeFileSync(script, `umask 077\nexec bash ${JSON.stringify(host.script(wrapper))} "$@"\n`);
    expect((await host.run(script, ['os', 'build'])).exitCode).toBe(0);
    for (const name of ['.build-status.lock', 'last-build.json', 'last-build.log', 'build-history.json']) {
      const stat = lstatSync(join(host.logDir, name));
      expect([name, stat.isFile(), stat.mode & 0o777]).toEqual([name, true, 0o644]);
    }
  });
});
