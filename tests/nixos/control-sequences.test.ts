import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { Host } from './host.js';

/**
 * Build output is untrusted: terminal control sequences in it could retitle the terminal,
 * write its clipboard (OSC 52), or smuggle links and device controls when nixos-build-status
 * -v prints the recorded errors. Every kind is dropped where errors are recorded, and again
 * when they are printed.
 */

const ESC = '\x1b';
const ST = `${ESC}\\`;
// [kind, the sequence in the middle of "error: a<seq>b"]
const SEQUENCES: [string, string][] = [
  ['CSI colour', `${ESC}[31;1m`],
  ['CSI private mode', `${ESC}[?1049h`],
  ['CSI with intermediate', `${ESC}[2 q`],
  ['OSC 0 title, BEL-terminated', `${ESC}]0;owned\x07`],
  ['OSC 0 title, ST-terminated', `${ESC}]0;owned${ST}`],
  ['OSC 52 clipboard', `${ESC}]52;c;cm0gLXJmIH4=\x07`],
  ['OSC 8 hyperlink', `${ESC}]8;;https://evil.example${ST}`],
  ['DCS', `${ESC}P1;1|17/ab${ST}`],
  ['SOS', `${ESC}Xhidden${ST}`],
  ['PM', `${ESC}^hidden${ST}`],
  ['APC', `${ESC}_hidden${ST}`],
  ['ESC c (reset)', `${ESC}c`],
  ['ESC 7 (save cursor)', `${ESC}7`],
  ['ESC ( B (charset)', `${ESC}(B`],
  ['C1 CSI', '\u009b31m'],
  ['C1 OSC ended by C1 ST', '\u009d0;owned\u009c'],
  ['C1 DCS ended by ESC \\', `\u0090q#0${ST}`],
  ['C1 NEL', '\u0085'],
  ['C0 controls', '\x00\x01\x07\x08\x0b\x0c\r\x1f'],
  ['DEL', '\x7f'],
];
const CONTROL = /[\x00-\x08\x0b-\x1f\x7f-\x9f]/;

let host: Host;
beforeAll(() => {
  host = new Host();
});

async function errorsOf(text: string): Promise<string[]> {
  host.set('log', text);
  const result = await host.library('extract_nix_errors "$STUB_STATE/log"');
  expect(result.exitCode).toBe(0);
  return JSON.parse(result.stdout) as string[];
}

describe('extract_nix_errors drops terminal control sequences', () => {
  it.each(SEQUENCES)('%s', async (_kind, sequence) => {
    expect(await errorsOf(`error: a${sequence}b\n`)).toEqual(['error: ab']);
  });

  it('keeps tabs and the lines of a block', async () => {
    expect(await errorsOf(`error: a\tb${ESC}]0;x\x07\n\tat ${ESC}[1mf.nix${ESC}[0m\n`)).toEqual(['error: a\tb\n\tat f.nix']);
  });

  it('drops a sequence left open at the end of a line, up to its end or the next ESC', async () => {
    expect(await errorsOf(`error: a${ESC}]0;never ended\nerror: b${ESC}P dcs ${ESC}[31mc\nerror: d${ESC}[3\n`)).toEqual(['error: a', 'error: bc', 'error: d']);
  });

  it('inside nix internal-json messages too', async () => {
    const msg = JSON.stringify({ action: 'msg', level: 0, msg: `${ESC}]52;c;eA==\x07error: in json${ESC}P+q${ST}` });
    expect(await errorsOf(`@nix ${msg}\n`)).toEqual(['error: in json']);
  });
});

describe('the wrapper and nixos-build-status', () => {
  const output = `building...\n${SEQUENCES.map(([, s], i) => `error: ${i}${s}!`).join('\n')}\n`;
  const want = SEQUENCES.map((_, i) => `error: ${i}!`);

  it('record errors without control sequences, and print none with -v', async () => {
    const other = new Host();
    other.set('build-output', output);
    other.set('build-exit', '1');
    const built = await other.run('nixos-build-wrapper', ['os', 'build']);
    expect(built.exitCode).toBe(1);
    expect(other.lastBuild().errors).toEqual(want);
    expect(built.stdout).toContain(`Errors:\n${want.join('\n')}`);
    // The log keeps the output as it was.
    expect(other.readLog('last-build.log')).toBe(output);

    const status = await other.run('nixos-build-status', ['-v']);
    expect(status.exitCode).toBe(2);
    expect(status.stdout).toContain(want.map((e) => `Build error:\n${e}`).join('\n'));
    expect(status.stdout).not.toMatch(CONTROL);
  });

  it('-v drops them from a last-build.json the wrapper did not write', async () => {
    const other = new Host();
    other.set('build-exit', '1');
    await other.run('nixos-build-wrapper', ['os', 'build']);
    const file = join(other.logDir, 'last-build.json');
    const forged = JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>;
    forged.errors = SEQUENCES.map(([, s], i) => `error: ${i}${s}!`);
    forged.target = `o${ESC}]0;t\x07s`;
    writeFileSync(file, JSON.stringify(forged));

    const status = await other.run('nixos-build-status', ['-v']);
    expect(status.exitCode).toBe(2);
    expect(status.stdout).not.toMatch(CONTROL);
    expect(status.stdout).toContain(want.map((e) => `Build error:\n${e}`).join('\n'));
    expect(status.stdout).toMatch(/Last build: {6}os build at /);
    // --json keeps the record as it is; JSON escapes ESC and every other C0 control.
    const json = await other.run('nixos-build-status', ['--json']);
    expect(json.stdout).not.toMatch(/[\x00-\x09\x0b-\x1f]/);
    expect((JSON.parse(json.stdout) as { lastBuild: { target: string } }).lastBuild.target).toBe(forged.target);
  });
});
