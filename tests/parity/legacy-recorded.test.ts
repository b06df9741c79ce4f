import { describe, expect, it } from 'vitest';
import { model } from '../support/model.js';

/**
 * The surfaces' legacy invocations are written by hand where `ct-gen baseline` cannot record them
 * (reprobuild's typed actions); every other one must be the recorded command
 * word for word, so a hand-written entry cannot drift from what the checkout runs.
 */
describe("the Codetracer model's legacy invocations against the recorded baseline", () => {
  const recorded = (model.baseline?.invocations ?? []).filter((i) => i.surface !== 'tup');
  const at = (file: string, line: number) => recorded.filter((i) => i.file === file && i.line === line);

  it('has a recording of every invocation of the script, just and workflow surfaces', () => {
    const scripted = model.legacy.invocations.filter((l) => l.surface !== 'repro');
    expect(scripted.filter((l) => at(l.file, l.line).length !== 1).map((l) => `${l.id} ${l.file}:${l.line}`)).toEqual([]);
  });

  it.each(model.legacy.invocations.filter((l) => l.surface !== 'repro').map((l) => [l.id, l] as const))('%s is the recorded command', (_, legacy) => {
    const [found] = at(legacy.file, legacy.line);
    expect({ nim: legacy.nim, argv: legacy.argv, cwd: legacy.cwd }).toEqual({ nim: found!.nim, argv: found!.argv, cwd: found!.cwd });
  });
});
