import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { Host, modelWithStatus } from './host.js';

const wrapper = 'nixos-build-wrapper';

describe('nixos-build-wrapper records a build', () => {
  it('succeeds with nh, shows the generation change and writes all three files', async () => {
    const host = new Host();
    host.set('build-output', 'building the system configuration...\nactivating the configuration...\n');
    const result = await host.run(wrapper, ['os', 'switch']);
    expect(result.exitCode).toBe(0);
    expect(result.stderr).toBe('');
    expect(result.stdout).toContain('Generation:  g42 → g43');
    expect(host.calls('nh')).toEqual([{ tool: 'nh', argv: ['os', 'switch', '/etc/nixos'] }]);

    const record = host.lastBuild();
    expect(record).toMatchObject({
      target: 'os',
      action: 'switch',
      tool: 'nh',
      nom: true,
      flakePath: '/etc/nixos',
      exitCode: 0,
      success: true,
      hostname: 'stub-host',
      command: 'nh os switch /etc/nixos',
      argv: ['nh', 'os', 'switch', '/etc/nixos'],
      preGeneration: { generation: 'g42', generationRaw: '42', commit: '3f4851e', homeManagerGeneration: 'hm12' },
      postGeneration: { generation: 'g43', generationRaw: '43', commit: '3f4851e', homeManagerGeneration: 'hm12' },
      generationChanged: true,
      buildLogPath: join(host.logDir, 'last-build.log'),
      errors: [],
    });
    expect(host.readLog('last-build.log')).toBe('building the system configuration...\nactivating the configuration...\n');
    expect(host.history()).toEqual([record]);
    // Only the published files and the lock remain: no temporary file is left behind.
    expect(readdirSync(host.logDir).sort()).toEqual(['.build-status.lock', 'build-history.json', 'last-build.json', 'last-build.log']);
  });

  it('tracks the Home Manager generation for the home target', async () => {
    const host = new Host();
    const result = await host.run(wrapper, ['home', 'switch']);
    expect(result.exitCode).toBe(0);
    expect(host.calls('nh')[0]!.argv).toEqual(['home', 'switch', '/etc/nixos']);
    expect(host.lastBuild()).toMatchObject({ generationChanged: true, postGeneration: { generation: 'g42', homeManagerGeneration: 'hm13' } });
    expect(result.stdout).toContain('hm12 → hm13');
  });

  it('with --json prints the record on stdout, the build output on stderr', async () => {
    const host = new Host();
    const result = await host.run(wrapper, ['os', 'build', '--json']);
    expect(result.exitCode).toBe(0);
    expect(host.docs.lastBuild.parse(JSON.parse(result.stdout))).toEqual(host.lastBuild());
    expect(result.stderr).toContain('building the system configuration...');
    expect(host.lastBuild().generationChanged).toBe(false);
  });

  it('passes the arguments after -- through unchanged and takes --flake and NIXOS_BUILD_FLAKE', async () => {
    const host = new Host();
    const hostile = ['--show-trace', 'a b', "it's", '$(touch /tmp/pwned)', '*', ''];
    await host.run(wrapper, ['os', 'build', '--flake', '/srv/my flake', '--', ...hostile]);
    expect(host.calls('nh')[0]!.argv).toEqual(['os', 'build', '/srv/my flake', ...hostile]);
    expect(host.lastBuild()).toMatchObject({ flakePath: '/srv/my flake', argv: ['nh', 'os', 'build', '/srv/my flake', ...hostile] });

    await host.run(wrapper, ['os', 'build'], { env: { NIXOS_BUILD_FLAKE: 'github:me/nixos#box' } });
    expect(host.calls('nh')[1]!.argv).toEqual(['os', 'build', 'github:me/nixos#box']);
  });

  it('writes where NIXOS_BUILD_LOG_DIR says', async () => {
    const host = new Host();
    const elsewhere = join(host.root, 'other logs');
    expect((await host.run(wrapper, ['os', 'build'], { env: { NIXOS_BUILD_LOG_DIR: elsewhere } })).exitCode).toBe(0);
    expect(existsSync(join(elsewhere, 'last-build.json'))).toBe(true);
    expect(existsSync(host.logDir)).toBe(false);
  });

  it('stops before building when the log directory cannot be made', async () => {
    const host = new Host();
    writeFileSync(join(host.root, 'a-file'), '');
    const result = await host.run(wrapper, ['os', 'switch'], { env: { NIXOS_BUILD_LOG_DIR: join(host.root, 'a-file', 'logs') } });
    expect(result.exitCode).toBe(1);
    expect(result.stderr).toMatch(/cannot write the log directory .*a-file\/logs \(set NIXOS_BUILD_LOG_DIR\)/);
    expect(host.calls('nh')).toEqual([]);
  });
});

describe('nixos-build-wrapper with hostile build output', () => {
  const invalidUtf8 = Buffer.from([0xff, 0xfe]);
  const nixMessage = JSON.stringify({ action: 'msg', level: 0, msg: `\x1b[31;1merror:\x1b[0m evaluation aborted: 'it's "quoted"'` });
  const output = Buffer.concat([
    Buffer.from("these 2 derivations will be built:\nbuilding '/nix/store/abc-x.drv'...\n"),
    Buffer.from(`${'y'.repeat(500_000)}\n`),
    Buffer.from("\x1b[31;1merror:\x1b[0m builder for '/nix/store/abc-x.drv' failed with exit code 2;\n       last 2 log lines:\n"),
    Buffer.from('       > say "hi" \\ back\\slash \x00\x01\x07 tab\there '),
    invalidUtf8,
    Buffer.from('\n       > $(rm -rf /) `id` ${HOME}\r\n\n'),
    Buffer.from(`@nix ${nixMessage}\n@nix {"action":"msg","level":3,"msg":"just info"}\n@nix {not json\n`),
    Buffer.from(`error: ${'x'.repeat(300_000)}`),
  ]);

  it('still writes valid JSON that matches the schema, with the error blocks extracted', async () => {
    const host = new Host();
    host.set('build-output', output);
    host.set('build-exit', '101');
    const result = await host.run(wrapper, ['os', 'switch', '--json']);
    expect(result.exitCode).toBe(101);

    const record = host.lastBuild();
    expect(host.docs.lastBuild.parse(JSON.parse(result.stdout))).toEqual(record);
    expect(record).toMatchObject({ exitCode: 101, success: false, generationChanged: false });
    const max = host.model.status!.errors.maxChars;
    expect(record.errors).toEqual([
      "error: builder for '/nix/store/abc-x.drv' failed with exit code 2;\n       last 2 log lines:\n" +
        // Control characters dropped, tab kept.
        '       > say "hi" \\ back\\slash  tab\there \uFFFD\uFFFD\n       > $(rm -rf /) `id` ${HOME}',
      `error: evaluation aborted: 'it's "quoted"'`,
      `error: ${'x'.repeat(max - 'error: '.length)}…`,
    ]);
    // The log keeps the bytes exactly as the build printed them.
    expect(readFileSync(join(host.logDir, 'last-build.log')).equals(output)).toBe(true);
    expect(host.history()).toEqual([record]);
  });

  it('records the tail of the output when no line reads as an error', async () => {
    const host = new Host();
    host.set('build-output', `${Array.from({ length: 14 }, (_, i) => `step ${i}`).join('\n')}\n\nKilled\n`);
    host.set('build-exit', '137');
    expect((await host.run(wrapper, ['os', 'build'])).exitCode).toBe(137);
    expect(host.lastBuild().errors).toEqual([[...Array.from({ length: 9 }, (_, i) => `step ${i + 5}`), 'Killed'].join('\n')]);
  });

  it('keeps at most maxCount error blocks', async () => {
    const host = new Host();
    host.set('build-output', Array.from({ length: 30 }, (_, i) => `error: number ${i}`).join('\n'));
    host.set('build-exit', '1');
    await host.run(wrapper, ['os', 'build']);
    const errors = host.lastBuild().errors;
    expect(errors).toHaveLength(host.model.status!.errors.maxCount);
    expect(errors[0]).toBe('error: number 0');
  });
});

describe('nixos-build-wrapper history', () => {
  it('keeps only the newest historyLimit builds', async () => {
    const host = new Host({ model: modelWithStatus({ historyLimit: 3 }) });
    for (let i = 1; i <= 5; i++) expect((await host.run(wrapper, ['os', 'build', '--', `--build-${i}`])).exitCode).toBe(0);
    expect(host.history().map((b) => b.argv.at(-1))).toEqual(['--build-3', '--build-4', '--build-5']);
  });

  it('caps the real model’s history at 100', async () => {
    const host = new Host();
    expect(host.model.status!.historyLimit).toBe(100);
    await host.run(wrapper, ['os', 'build', '--', '--seed']);
    const [seed] = host.history();
    // A hundred earlier builds, as a real host would have after months: each a valid record.
    const earlier = Array.from({ length: 100 }, (_, i) => ({ ...seed!, argv: ['nh', 'os', 'build', '/etc/nixos', `--old-${i}`] }));
    writeFileSync(join(host.logDir, 'build-history.json'), JSON.stringify(earlier));
    await host.run(wrapper, ['os', 'build', '--', '--new-1']);
    await host.run(wrapper, ['os', 'build', '--', '--new-2']);
    const history = host.history();
    expect(history).toHaveLength(100);
    expect(history.map((b) => b.argv.at(-1))).toEqual([...Array.from({ length: 98 }, (_, i) => `--old-${i + 2}`), '--new-1', '--new-2']);
  });

  it('loses no entry when two wrappers record at once', async () => {
    const host = new Host();
    host.set('build-sleep', '1');
    const results = await Promise.all([host.run(wrapper, ['os', 'build', '--', '--first']), host.run(wrapper, ['os', 'build', '--', '--second'])]);
    expect(results.map((r) => r.exitCode)).toEqual([0, 0]);
    // The builds really overlapped: both started before either finished.
    const timeline = readFileSync(join(host.state, 'timeline'), 'utf8').trim().split('\n').map((l) => l.split(' '));
    const starts = timeline.filter(([kind]) => kind === 'start').map(([, , t]) => BigInt(t!));
    const ends = timeline.filter(([kind]) => kind === 'end').map(([, , t]) => BigInt(t!));
    expect(starts.every((s) => ends.every((e) => s < e))).toBe(true);
    expect(host.history().map((b) => b.argv.at(-1)).sort()).toEqual(['--first', '--second']);
    expect(['--first', '--second']).toContain(host.lastBuild().argv.at(-1));
  });

  it('loses no entry when eight wrappers finish together', async () => {
    const host = new Host();
    const runs = Array.from({ length: 8 }, (_, i) => host.run(wrapper, ['os', 'build', '--', `--run-${i}`]));
    expect((await Promise.all(runs)).map((r) => r.exitCode)).toEqual(Array(8).fill(0));
    expect(host.history().map((b) => b.argv.at(-1)).sort()).toEqual(Array.from({ length: 8 }, (_, i) => `--run-${i}`));
  });

  const corrupt: [string, string][] = [
    ['truncated JSON', '[{"buildStart": "2025-'],
    ['an object, not an array', '{"builds": []}'],
    ['two arrays in a row', '[] []'],
    ['an empty file', ''],
  ];
  it.each(corrupt)('moves a corrupt history (%s) aside, warns and starts a new one', async (_name, content) => {
    const host = new Host();
    await host.run(wrapper, ['os', 'build']);
    writeFileSync(join(host.logDir, 'build-history.json'), content);
    const result = await host.run(wrapper, ['os', 'build']);
    expect(result.exitCode).toBe(0);
    expect(result.stderr).toMatch(/nixos-build-wrapper: warning: .*build-history\.json was not a JSON array; kept it as .*build-history\.json\.corrupt-\d{8}T\d{6}-\d+ and started a new history/);
    const aside = readdirSync(host.logDir).filter((f) => f.startsWith('build-history.json.corrupt-'));
    expect(aside).toHaveLength(1);
    expect(readFileSync(join(host.logDir, aside[0]!), 'utf8')).toBe(content);
    expect(host.history()).toHaveLength(1);
  });
});

describe('nixos-build-wrapper fallbacks', () => {
  it('without nh runs nixos-rebuild, piping its JSON log through nom --json', async () => {
    const host = new Host({ without: ['nh'] });
    const result = await host.run(wrapper, ['os', 'switch']);
    expect(result.exitCode).toBe(0);
    expect(host.calls('nixos-rebuild')[0]!.argv).toEqual(['switch', '--flake', '/etc/nixos', '--log-format', 'internal-json', '-v']);
    expect(host.calls('nom')[0]!.argv).toEqual(['--json']);
    expect(result.stdout).toContain('nom| building the system configuration...');
    // nom only shows the build: the log holds the raw output.
    expect(host.readLog('last-build.log')).toBe('building the system configuration...\n');
    expect(host.lastBuild()).toMatchObject({ tool: 'nixos-rebuild', nom: true, generationChanged: true });
    expect(host.calls('sudo')).toEqual([]);
  });

  it('without nh and nom runs nixos-rebuild with plain output', async () => {
    const host = new Host({ without: ['nh', 'nom'] });
    const result = await host.run(wrapper, ['os', 'build']);
    expect(host.calls('nixos-rebuild')[0]!.argv).toEqual(['build', '--flake', '/etc/nixos']);
    expect(result.stdout).toContain('\nbuilding the system configuration...\n');
    expect(host.lastBuild()).toMatchObject({ tool: 'nixos-rebuild', nom: false });
  });

  it('with nh but no nom tells nh not to use nom', async () => {
    const host = new Host({ without: ['nom'] });
    await host.run(wrapper, ['os', 'dry-build']);
    expect(host.calls('nh')[0]!.argv).toEqual(['os', 'build', '--dry', '/etc/nixos', '--no-nom']);
    expect(host.lastBuild()).toMatchObject({ tool: 'nh', nom: false, action: 'dry-build' });
  });

  it('without nh builds home with home-manager', async () => {
    const host = new Host({ without: ['nh'] });
    const result = await host.run(wrapper, ['home', 'dry-build', '--no-nom']);
    expect(result.exitCode).toBe(0);
    expect(host.calls('home-manager')[0]!.argv).toEqual(['build', '--dry-run', '--flake', '/etc/nixos']);
    expect(host.calls('nom')).toEqual([]);
  });

  it('--no-nh uses the fallback even when nh is installed', async () => {
    const host = new Host();
    await host.run(wrapper, ['home', 'switch', '--no-nh']);
    expect(host.calls('nh')).toEqual([]);
    expect(host.calls('home-manager')[0]!.argv).toEqual(['switch', '--flake', '/etc/nixos']);
    expect(host.calls('nom')[0]!.argv).toEqual([]);
  });

  it('runs nixos-rebuild through sudo when not root and the action activates', async () => {
    const host = new Host({ without: ['nh', 'nom'] });
    // An unprivileged user, as seen by id.
    writeFileSync(join(host.stubs, 'id'), '#!/bin/bash\ncase $1 in -u) echo 1000 ;; -un) echo alice ;; esac\n', { mode: 0o755 });
    await host.run(wrapper, ['os', 'switch']);
    await host.run(wrapper, ['os', 'build']);
    expect(host.calls('sudo').map((c) => c.argv)).toEqual([['nixos-rebuild', 'switch', '--flake', '/etc/nixos']]);
    expect(host.calls('nixos-rebuild').map((c) => c.argv[0])).toEqual(['switch', 'build']);
    expect(host.lastBuild()).toMatchObject({ user: 'alice', tool: 'nixos-rebuild' });
  });

  it('records a missing build command as exit code 127', async () => {
    const host = new Host({ without: ['nh', 'nixos-rebuild'] });
    const result = await host.run(wrapper, ['os', 'build']);
    expect(result.exitCode).toBe(127);
    expect(host.lastBuild().errors[0]).toMatch(/nixos-rebuild: command not found/);
  });
});

describe('nixos-build-wrapper usage', () => {
  const bad: [string, string[], RegExp][] = [
    ['no arguments', [], /missing TARGET; known: os, home/],
    ['unknown target', ['darwin', 'switch'], /unknown target 'darwin'; known: os, home/],
    ['missing action', ['os'], /missing ACTION for target 'os'; known: switch, boot, test, build, dry-build/],
    ['action the target lacks', ['home', 'boot'], /unknown action 'boot' for target 'home'; known: switch, build, dry-build/],
    ['unknown option', ['os', 'switch', '--frobnicate'], /unknown option '--frobnicate'/],
    ['third word', ['os', 'switch', 'now'], /unexpected argument 'now'/],
    ['--flake without a path', ['os', 'switch', '--flake'], /option '--flake' needs a path/],
    ['--flake followed by an option', ['os', 'switch', '--flake', '--json'], /option '--flake' needs a path, got '--json'/],
    ['--flake with an empty path', ['os', 'switch', '--flake='], /option '--flake' needs a path/],
  ];
  it.each(bad)('%s: usage on stderr, exit 3, nothing built or written', async (_name, args, message) => {
    const host = new Host();
    const result = await host.run(wrapper, args);
    expect(result.exitCode).toBe(host.model.status!.exitCodes.invalidArguments);
    expect(result.stdout).toBe('');
    expect(result.stderr).toMatch(message);
    expect(result.stderr).toContain('Usage: nixos-build-wrapper TARGET ACTION');
    expect(host.calls().filter((c) => c.tool !== 'nixos-generation-info')).toEqual([]);
    expect(existsSync(host.logDir)).toBe(false);
  });

  it('prints its usage with -h, listing the model’s targets and actions', async () => {
    const result = await new Host().run(wrapper, ['-h']);
    expect(result.exitCode).toBe(0);
    expect(result.stdout).toContain('  os: the NixOS system configuration; actions: switch, boot, test, build, dry-build\n');
    expect(result.stdout).toContain('  home: the Home Manager configuration of the calling user; actions: switch, build, dry-build\n');
  });

  it('exits with the model’s invalid-arguments code', async () => {
    const host = new Host({ model: modelWithStatus({ exitCodes: { invalidArguments: 64 } }) });
    expect((await host.run(wrapper, ['darwin', 'switch'])).exitCode).toBe(64);
  });
});

describe('nixos-build-wrapper interrupted', () => {
  it('records a build stopped with Ctrl-C, then exits with its status', async () => {
    const host = new Host();
    host.set('build-sleep', '30');
    // Ctrl-C signals the terminal's whole process group: the wrapper leads its own here.
    const running = host.run(wrapper, ['os', 'switch'], { detached: true });
    const timeline = join(host.state, 'timeline');
    while (!existsSync(timeline)) await new Promise((r) => setTimeout(r, 50));
    process.kill(-running.pid!, 'SIGINT');
    const result = await running;
    expect(result.exitCode).toBe(130);
    expect(host.lastBuild()).toMatchObject({ exitCode: 130, success: false, generationChanged: false });
    expect(host.history()).toHaveLength(1);
  });
});
