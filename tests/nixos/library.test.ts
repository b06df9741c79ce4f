import { beforeAll, describe, expect, it } from 'vitest';
import { Host } from './host.js';

let host: Host;
beforeAll(() => {
  host = new Host();
});

async function call(code: string, args: string[] = []): Promise<string> {
  const result = await host.library(code, args);
  expect(result.stderr).toBe('');
  expect(result.exitCode).toBe(0);
  return result.stdout;
}

/** extract_nix_errors on a log holding `text`. */
async function errorsOf(text: string | Buffer): Promise<string[]> {
  host.set('log', text);
  return JSON.parse(await call('extract_nix_errors "$STUB_STATE/log"')) as string[];
}

describe('lib/build-status.sh', () => {
  it('changes no option of the shell that sources it', async () => {
    expect(await call('before=$(set +o; shopt -p)\nsource "$BUILD_STATUS_LIB_UNDER_TEST"\n[[ $before == "$(set +o; shopt -p)" ]] && echo same')).toBe('same');
  });

  it('works under set -euo pipefail', async () => {
    expect(await call('set -euo pipefail\nget_sync_status\nget_current_generation\nwas_last_build_successful || echo none')).toBe('in-sync\n42\nnone');
  });

  /** Bash that puts a function in nixos-generation-info's place, printing $1 and exiting with $2 (0 by default). */
  const INFO_FROM_ARGS = 'given=$1 given_status=${2:-0}\ninfo() { printf "%s" "$given"; return "$given_status"; }\nBUILD_STATUS_GENERATION_INFO=info\n';
  /** Bash that counts jq runs in $STUB_STATE/jq-runs: a function in jq's place, which the library's calls find first. */
  const COUNT_JQ = 'jq() { printf x >>"$STUB_STATE/jq-runs"; command jq "$@"; }\n';
  /** Bash that prints the count of jq runs since the last one and starts it again. */
  const JQ_RUNS = 'runs=$(<"$STUB_STATE/jq-runs"); rm -f "$STUB_STATE/jq-runs"; printf "%s\\n" "${#runs}"\n';

  // nixos-generation-info's output, its exit status, and what the library reads: the object, or "unknown".
  const outputs: [string, string, number, string][] = [
    ['one object', '{"status":"in-sync", "n": 1}', 0, '{"status":"in-sync","n":1}'],
    ['one object and a newline', '{"status":"out-of-sync"}\n', 0, '{"status":"out-of-sync"}'],
    ['one object from a tool that failed', '{"status":"in-sync"}', 1, '"unknown"'],
    ['two objects', '{"status":"in-sync"}{"status":"in-sync"}', 0, '"unknown"'],
    ['an array', '[{"status":"in-sync"}]', 0, '"unknown"'],
    ['a string', '"in-sync"', 0, '"unknown"'],
    ['not JSON', 'not json {', 0, '"unknown"'],
    ['nothing', '', 0, '"unknown"'],
  ];
  it.each(outputs)('build_status_on_generation reads %s', async (_name, output, status, want) => {
    const code = `${INFO_FROM_ARGS}build_status_on_generation -c .\nbuild_status_on_generation -r --arg key status 'field($key)'\nget_sync_status`;
    const sync = want === '"unknown"' ? 'unknown' : (JSON.parse(want) as { status: string }).status;
    expect(await call(code, [output, String(status)])).toBe(`${want}\n${sync}\n${sync}`);
  });

  it('build_status_on_generation reads a missing nixos-generation-info as "unknown"', async () => {
    expect(await call('BUILD_STATUS_GENERATION_INFO=no-such-tool; build_status_on_generation -c .; get_generation_snapshot')).toBe('"unknown"\n{"generation":"unknown","generationRaw":"unknown","commit":"unknown","homeManagerGeneration":"unknown"}');
  });

  it('reads a generation with one jq: the snapshot, and each field', async () => {
    const code = `${COUNT_JQ}rm -f "$STUB_STATE/jq-runs"\nget_generation_snapshot\nget_sync_status\n${JQ_RUNS}`;
    const [snapshot, sync, runs] = (await call(code)).split('\n');
    expect(JSON.parse(snapshot!)).toEqual({ generation: 'g42', generationRaw: '42', commit: '3f4851e', homeManagerGeneration: 'hm12' });
    expect([sync, runs]).toEqual(['in-sync', '2']);
  });

  // A character across jq's 4095-byte cuts of -R input came out as two U+FFFD (jq before 1.8.2):
  // text long enough, starting at each offset of a three-byte character.
  const wide = (offset: number) => `${'x'.repeat(offset)}${'‘é'.repeat(1500)}`;
  it.each([0, 1, 2])('reads text with many-byte characters whole, past 4095 bytes (offset %i)', async (offset) => {
    const text = wide(offset);
    expect(JSON.parse(await call('json_escape "$1"', [text]))).toBe(text);
    const info = JSON.stringify({ short: text, status: 'in-sync' });
    expect(await call(`${INFO_FROM_ARGS}get_generation_short`, [info])).toBe(text);
    host.set('log', `${text}\n`);
    expect(JSON.parse(await call('extract_failure_summary "$STUB_STATE/log"'))).toEqual([`${text.slice(0, 2000)}…`]);
    const record = JSON.stringify({ exitCode: 1, errors: [text] });
    const code = 'dir=$(mktemp -d)\nfor n in 1 2; do printf "%s\\n" "$1" >"$dir/record.json"; printf "log\\n" >"$dir/output"; record_build "$dir" "$dir/record.json" "$dir/output"; done\ncat "$dir/build-history.json"';
    expect((JSON.parse(await call(code, [record])) as { errors: string[] }[]).map((b) => b.errors[0])).toEqual([text, text]);
  });

  it('build_status_on_generation passes on an error its filter raises', async () => {
    const result = await host.library('build_status_on_generation -c \'if type == "object" then error("from the filter") else . end\'');
    expect(result.exitCode).not.toBe(0);
    expect(result.stderr).toContain('from the filter');
    expect(result.stdout).toBe('');
  });

  it('record_build runs two jq a build: last-build.json, and the history read and extended in one', async () => {
    const code = [
      `${COUNT_JQ}dir=$(mktemp -d)`,
      'rm -f "$STUB_STATE/jq-runs"',
      'for n in 1 2; do',
      '  printf \'{"exitCode": %s}\\n\' "$n" >"$dir/record.json"',
      '  printf \'log %s\\n\' "$n" >"$dir/output"',
      '  record_build "$dir" "$dir/record.json" "$dir/output"',
      `  ${JQ_RUNS}done`,
      'command jq -c \'map(.exitCode)\' "$dir/build-history.json"',
    ].join('\n');
    expect(await call(code)).toBe('2\n2\n[1,2]');
  });

  const strings = ['plain', 'say "hi"', 'back\\slash', 'new\nline\ttab', '\x01\x1f\x7f', 'ünïcødé ✓', '$(rm -rf /) `id` ${HOME}', ''];
  it.each(strings)('json_escape round-trips %j', async (value) => {
    expect(JSON.parse(await call('json_escape "$1"', [value]))).toBe(value);
  });

  it('json_escape turns invalid UTF-8 into U+FFFD', async () => {
    expect(JSON.parse(await call(`json_escape "$(printf 'a\\xffb')"`))).toBe('a\uFFFDb');
  });

  it.each([['true', 'true'], ['1', 'true'], ['yes', 'true'], ['no', 'false'], ['', 'false']])('json_bool %j is %s', async (value, want) => {
    expect(await call('json_bool "$1"', [value])).toBe(want);
  });

  const long = 'e'.repeat(5000);
  const cases: [string, string, string[]][] = [
    ['one error line', 'building...\nerror: boom\ndone\n', ['error: boom']],
    ['a trace: indented and blank lines belong to the error, trailing blanks do not', "error:\n       … while evaluating 'x'\n\n       at a.nix:1:1\n\n\nnext\n", ["error:\n       … while evaluating 'x'\n\n       at a.nix:1:1"]],
    ['two errors', 'error: one\n  detail\nerror: two\n', ['error: one\n  detail', 'error: two']],
    ['colours dropped, any case', '\x1b[31;1merror:\x1b[0m red\nError: capital\n', ['error: red', 'Error: capital']],
    ['words that only start like error', 'errors: 0\nerroneous\nno error: here\n', []],
    ['nix internal-json messages of error level', `@nix ${JSON.stringify({ action: 'msg', level: 0, msg: '\x1b[31merror:\x1b[0m in json\n       at f.nix' })}\n@nix {"action":"msg","level":1,"msg":"error: a warning"}\n@nix {"action":"start"}\n@nix nonsense\n`, ['error: in json\n       at f.nix']],
    ['a long error cut to maxChars', `error: ${long}\n`, [`error: ${long.slice(0, 2000 - 7)}…`]],
    ['no log at all', '', []],
  ];
  it.each(cases)('extract_nix_errors: %s', async (_name, text, want) => {
    expect(await errorsOf(text)).toEqual(want);
  });

  it('extract_nix_errors keeps the first maxCount blocks', async () => {
    const errors = await errorsOf(Array.from({ length: 25 }, (_, i) => `error: ${i}`).join('\n'));
    expect(errors).toEqual(Array.from({ length: 20 }, (_, i) => `error: ${i}`));
  });

  it('answers once for a log directory without builds', async () => {
    expect(await call('d=$(mktemp -d); get_last_build_status "$d"; get_last_build_exit_code "$d"; get_build_history "$d"; get_build_history_summary "$d" | jq -c .')).toBe('null\nunknown\n[]\n[]');
  });

  it('extract_nix_errors reads a missing file as no errors', async () => {
    expect(await call('extract_nix_errors /nonexistent')).toBe('[]');
  });

  it('extract_failure_summary falls back to the last ten non-empty lines', async () => {
    host.set('log', `${Array.from({ length: 12 }, (_, i) => `line ${i}`).join('\n\n')}\n`);
    expect(JSON.parse(await call('extract_failure_summary "$STUB_STATE/log"'))).toEqual([Array.from({ length: 10 }, (_, i) => `line ${i + 2}`).join('\n')]);
    host.set('log', 'error: found\n');
    expect(JSON.parse(await call('extract_failure_summary "$STUB_STATE/log"'))).toEqual(['error: found']);
  });

  it('extract_build_phase names the last derivation built', async () => {
    host.set('log', Buffer.concat([Buffer.from("building '/nix/store/a-one.drv'...\n"), Buffer.from([0xff, 0x0a]), Buffer.from("building '/nix/store/b-two.drv'...\ndone\n")]));
    expect(await call('extract_build_phase "$STUB_STATE/log"')).toBe('/nix/store/b-two.drv');
    host.set('log', 'nothing\n');
    expect(await call('extract_build_phase "$STUB_STATE/log"')).toBe('unknown');
  });

  it('check_failed_units and check_journal_errors print JSON values', async () => {
    host.set('failed-units', 'a.service loaded failed failed A\n');
    host.set('journal', 'x\ny\n');
    expect(await call('check_failed_units; check_journal_errors "10 min ago"')).toBe('["a.service"]\n2');
    expect(host.calls('journalctl').at(-1)!.argv).toEqual(['--since', '10 min ago', '--priority', 'err', '--quiet', '--no-pager', '--output', 'cat']);
    host.set('failed-units', '');
    host.set('journal', '');
  });

  it('get_build_history_summary shows the newest builds in brief', async () => {
    const other = new Host();
    for (const action of ['build', 'switch', 'boot']) await other.run('nixos-build-wrapper', ['os', action]);
    const result = await other.library('get_build_history_summary "" 2');
    const summary = JSON.parse(result.stdout) as { action: string; generation: string; exitCode: number }[];
    expect(summary.map((s) => [s.action, s.generation, s.exitCode])).toEqual([
      ['switch', '43', 0],
      ['boot', '44', 0],
    ]);
    // 0 is none; a COUNT that is no whole number is refused, naming it.
    expect((await other.library('get_build_history_summary "" 0')).stdout.trim()).toBe('[]');
    for (const count of ['-1', '1.5', 'abc']) {
      const refused = await other.library(`get_build_history_summary "" ${count} || echo "status $?"`);
      expect(refused.stdout.trim(), count).toBe('status 2');
      expect(refused.stderr, count).toContain(`COUNT must be a whole number, got '${count}'`);
    }
  });
});
