import { posix } from 'node:path';
import { describe, expect, it } from 'vitest';
import { differences } from '../../generator/parity/compare.js';
import { normalise, parseSwitch, repoPath, settingKey } from '../../generator/parity/normalise.js';

const settings = (argv: string[]) => Object.fromEntries([...normalise('nim', [...argv, 'c', 'x.nim']).settings].map(([k, s]) => [k, s.value]));
const diff = (legacy: string[], current: string[]) =>
  differences(normalise('nim', [...legacy, 'c', 'src/x.nim']), normalise('nim', [...current, 'c', 'src/x.nim'])).map((d) => `${d.kind} ${d.text}`);

describe('normalise: spellings nim reads alike', () => {
  const same: [string, string[], string[]][] = [
    ['hint in brackets and with a colon', ['--hint[Processing]:off'], ['--hint:Processing:off']],
    ['warning in brackets and with an equals sign', ['--warning[CaseTransition]:off'], ['--warning:CaseTransition=off']],
    ['--gc: and --mm:', ['--gc:refc'], ['--mm:refc']],
    ['memory manager value case', ['--gc:ORC'], ['--mm:orc']],
    ['a bare switch and :on', ['--debugInfo'], ['--debugInfo:on']],
    ['switch names ignore case and underscores', ['--lineDir:on', '--stacktrace:off'], ['--linedir:on', '--stack_trace:off']],
    ['on/off ignore case', ['--threads:ON'], ['--threads:on']],
    ['-d:, --d:, --define: and -d with =', ['-d:ssl', '--d:x=1', '--define:y'], ['--define:ssl', '-d:x=1', '-d:y']],
    ['a bare define is =true', ['-d:ssl'], ['-d:ssl=true']],
    ['define name:value', ['-d:libcPath:libc'], ['-d:libcPath=libc']],
    ['define names ignore case and underscores', ['-d:ctEntrypoint'], ['-d:ct_entrypoint']],
    ['defines form a set', ['-d:a', '-d:b'], ['-d:b', '-d:a', '-d:a']],
    ['the later switch wins', ['--hints:off', '--hints:on'], ['--hints:on']],
    ['the later define value wins', ['-d:x=1', '-d:x=2'], ['-d:x=2']],
    ['--undef removes a define', ['-d:a', '-d:b', '--undef:b'], ['-d:a']],
    ['writing out nim defaults changes nothing', ['--hotCodeReloading:off'], []],
    ['hot code reloading turned on, then off, is the default', ['--hotCodeReloading:on', '--hotCodeReloading:off'], []],
    ['--sourcemap ignores its argument (nim 1.6)', ['--sourcemap:off'], ['--sourcemap:on']],
    ['--sourcemap turns line directives on', ['--sourcemap'], ['--sourcemap:on', '--lineDir:on']],
    ['${drv} and ${drv.outPath} are one store path', ['-d:p=${a.b.outPath}/x', '--passL:${c.outPath}'], ['-d:p=${a.b}/x', '--passL:${c}']],
    ['set-valued switches ignore order and repeats', ['--experimental:a', '--cppdefine:x', '--dynlibOverride:ssl', '--experimental:b'], ['--experimental:b', '--dynlibOverride:ssl', '--experimental:a', '--cppdefine:x', '--experimental:a']],
    ['--nimcache paths aside', ['--nimcache:/tmp/a'], ['--nimcache:nimcache']],
    ['--out paths aside', ['--out:a/b'], ['-o:c']],
  ];
  it.each(same)('%s', (_name, a, b) => expect(settings(a)).toEqual(settings(b)));
});

describe('normalise: differences nim sees', () => {
  const cases: [string, string[], string[], string[]][] = [
    ['added define', ['-d:a'], ['-d:a', '-d:withTup'], ['added -d:withTup']],
    ['removed define', ['-d:a', '-d:ctEntrypoint'], ['-d:a'], ['removed -d:ctEntrypoint']],
    ['changed define value', ['-d:libcPath=libc'], ['-d:libcPath=/lib'], ['changed -d:libcPath=libc -> -d:libcPath=/lib']],
    ['final value of a switch', ['--hints:on'], ['--hints:on', '--hints:off'], ['changed --hints:on -> --hints:off']],
    ['hint notes are separate from --hints', ['--hints:off'], ['--hints:off', '--hint[CC]:off'], ['added --hint[CC]:off']],
    ['hotCodeReloading:on also defines hotcodereloading and useNimRtl', [], ['--hotCodeReloading:on'], ['added --hotCodeReloading:on', 'added -d:hotcodereloading', 'added -d:useNimRtl']],
    ['hotCodeReloading:off undefines useNimRtl given before it', ['-d:useNimRtl'], ['-d:useNimRtl', '--hotCodeReloading:off'], ['removed -d:useNimRtl']],
    ['--sourcemap:off after --sourcemap:on keeps source maps', [], ['--sourcemap:on', '--sourcemap:off'], ['added --sourcemap:on', 'added --lineDir:on']],
    ['a later --lineDir:off wins over --sourcemap', ['--sourcemap:on', '--lineDir:off'], ['--sourcemap:on'], ['changed --lineDir:off -> --lineDir:on']],
    ['${drv.out} is not ${drv}: a multi-output package differs', ['-d:p=${a.b}/x'], ['-d:p=${a.b.out}/x'], ['changed -d:p=${a.b}/x -> -d:p=${a.b.out}/x']],
    ['--link adds up, in order', ['--link:a.o', '--link:b.o'], ['--link:b.o', '--link:a.o'], ['changed --link:a.o --link:b.o -> --link:b.o --link:a.o']],
    ['--compile adds up', ['--compile:a.c'], ['--compile:a.c', '--compile:b.c'], ['changed --compile:a.c -> --compile:a.c --compile:b.c']],
    ['--cppdefine adds up', ['--cppdefine:X'], ['--cppdefine:X', '--cppdefine:Y'], ['changed --cppdefine:X -> --cppdefine:X --cppdefine:Y']],
    ['--experimental adds up', ['--experimental:strictFuncs'], ['--experimental:strictFuncs', '--experimental:views'], ['changed --experimental:strictFuncs -> --experimental:strictFuncs --experimental:views']],
    ['--passL adds up, in order', ['--passL:a', '--passL:b'], ['--passL:b', '--passL:a'], ['changed --passL:a --passL:b -> --passL:b --passL:a']],
    ['a missing --passL', ['--passL:a', '--passL:b'], ['--passL:a'], ['changed --passL:a --passL:b -> --passL:a']],
    ['nimcache given or not', ['--nimcache:x'], [], ['removed --nimcache']],
  ];
  it.each(cases)('%s', (_name, legacy, current, want) => expect(diff(legacy, current)).toEqual(want));

  it('compares the nim binary, command and repository-relative source', () => {
    const legacy = normalise('${nim.outPath}/bin/nim', ['--out:x', 'c', 'codetracer.nim'], { cwd: 'src/ct' });
    const same = normalise('${nim}/bin/nim', ['compile', '/abs/root/src/ct/codetracer.nim'], { sourceRoot: '/abs/root' });
    expect(differences(legacy, same)).toEqual([]);
    const other = normalise('nim', ['js', './src/ct/other.nim'], { sourceRoot: '.' });
    expect(differences(legacy, other).map((d) => d.text)).toEqual(['nim: ${nim}/bin/nim -> nim', 'command: c -> js', 'source: src/ct/codetracer.nim -> src/ct/other.nim']);
  });
});

describe('settingKey: how declared changes name a setting', () => {
  const cases: [string, string][] = [
    ['-d:withTup', 'define:withtup'],
    ['--define:with_tup', 'define:withtup'],
    ['--hints', 'switch:hints'],
    ['--hint[Processing]', 'switch:hint:processing'],
    ['--hint:Processing:off', 'switch:hint:processing'],
    ['--gc', 'switch:mm'],
    ['--passL', 'switch:passl'],
    ['--nimcache', 'nimcache'],
    ['nim', 'nim'],
    ['source', 'source'],
  ];
  it.each(cases)('%s', (setting, key) => expect(settingKey(setting)).toBe(key));
});

describe('repoPath: a path as the repository sees it', () => {
  // Every path of up to three segments from these, with `/` or `//` between them and with and without a trailing `/`.
  const segments = ['a', '.', '..', '...', 'b.c', '', '.x', 'x.', '${A}'];
  const paths = [''];
  for (let depth = 0; depth < 3; depth++) {
    for (const path of [...paths]) for (const segment of segments) for (const sep of path === '' ? [''] : ['/', '//']) paths.push(`${path}${sep}${segment}`);
  }
  const all = [...new Set(paths.flatMap((p) => [p, `${p}/`]))].filter((p) => !p.startsWith('${'));

  it('from the root, is what posix.normalize makes of it joined to `.`', () => {
    expect(all.length).toBeGreaterThan(1000);
    for (const path of all) expect(repoPath(path, {}), JSON.stringify(path)).toBe(posix.isAbsolute(path) ? posix.normalize(path) : posix.normalize(posix.join('.', path)));
  });

  it('from a directory, is resolved against it', () => {
    expect(repoPath('../lib', { cwd: 'src/ct' })).toBe('src/lib');
    expect(repoPath('x.nim', { cwd: 'src/ct' })).toBe('src/ct/x.nim');
    expect(repoPath('./x.nim', {})).toBe('x.nim');
    expect(repoPath('/abs/root/src//x.nim', { sourceRoot: '/abs/root' })).toBe('src/x.nim');
    expect(repoPath('${APP_DIR}/./lib', { cwd: 'src' })).toBe('${APP_DIR}/lib');
  });
});

describe('parseSwitch: a word read once', () => {
  it('gives the same reading for the same word, and that reading cannot be changed', () => {
    const first = parseSwitch('--passL:-lz')!;
    expect(parseSwitch('--passL:-lz')).toBe(first);
    expect(Object.isFrozen(first)).toBe(true);
    expect(first).toEqual({ key: 'switch:passl', name: '--passL', value: '-lz', accumulates: true });
    expect(parseSwitch('codetracer.nim')).toBeUndefined();
  });

  it('a list setting belongs to its command line: reading another line does not add to it', () => {
    const one = normalise('nim', ['--path:a', '--path:b', 'c', 'x.nim']).settings.get('switch:path')!;
    const two = normalise('nim', ['--path:a', 'c', 'x.nim']).settings.get('switch:path')!;
    expect([one.value, two.value]).toEqual([['a', 'b'], ['a']]);
  });
});
