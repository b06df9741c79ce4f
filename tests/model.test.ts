import { describe, expect, it } from 'vitest';
import { codetracer } from '../model/codetracer/index.js';
import { modelIssues as issuesOf } from './support/model-issues.js';

const knownBundles = codetracer.bundles.map((b) => b.name).join(', ');
const indexOf = (name: string) => (codetracer.targets as { name: string }[]).findIndex((t) => t.name === name);

describe('model validation', () => {
  it('accepts the Codetracer model', () => {
    expect(issuesOf(() => {})).toEqual([]);
  });

  const cases: [string, (m: any) => void, string[]][] = [
    ['source not .nim', (m) => (m.targets[3].source = 'src/tester/tester.rs'), ['targets[3].source: must end with .nim (got "src/tester/tester.rs")']],
    ['source outside src/', (m) => (m.targets[0].source = 'tools/x.nim'), ['targets[0].source: "tools/x.nim" must lie inside src/ (a relative path without ..)']],
    ['source escaping with ..', (m) => (m.targets[0].source = 'src/../x.nim'), ['targets[0].source: "src/../x.nim" must lie inside src/ (a relative path without ..)']],
    ['unknown bundle', (m) => (m.targets[1].bundles = ['js-shared']), [`targets[1].bundles[0]: unknown bundle "js-shared"; known: ${knownBundles}`]],
    ['duplicate target', (m) => m.targets.push(structuredClone(m.targets[0])), [
      `targets[${codetracer.targets.length}].name: duplicate target name "${codetracer.targets[0]!.name}" (first at targets[0])`,
      `targets[${codetracer.targets.length}].output: "${codetracer.targets[0]!.output}" is already the output of targets[0] (${codetracer.targets[0]!.name})`,
    ]],
    ['duplicate output', (m) => (m.targets[indexOf('js:ui')].output = 'index.js'), [`targets[${indexOf('js:ui')}].output: "index.js" is already the output of targets[${indexOf('js:index')}] (js:index)`]],
    ['bad kind', (m) => (m.targets[0].kind = 'nim-cpp'), ['targets[0].kind: Invalid option: expected one of "nim-c"|"nim-js" (got "nim-cpp")']],
    ['switch setting --out', (m) => m.bundles[0].args.push('--out:x'), ['bundles[0].args[17]: must not set --out, --outdir or --nimcache, in any spelling nim accepts (the resolver adds them) (got "--out:x")']],
    ['switch setting --nimcache as nim also spells it', (m) => m.bundles[0].args.push('--Nim_Cache=x'), ['bundles[0].args[17]: must not set --out, --outdir or --nimcache, in any spelling nim accepts (the resolver adds them) (got "--Nim_Cache=x")']],
    ['platform binary of unknown target', (m) => (m.packaging.platforms[0].binaries[0].target = 'codetracer'), [`packaging.platforms[0].binaries[0].target: unknown target "codetracer"; known: ${codetracer.targets.map((t) => t.name).join(', ')}`]],
    ['names that become one shell identifier', (m) => m.targets.push({ ...structuredClone(m.targets[indexOf('js:index')]), name: 'js-index', output: 'other.js' }), [`targets[${codetracer.targets.length}].name: target name "js-index" and "js:index" (targets[${indexOf('js:index')}]) both become JS_INDEX in generated files; rename one`]],
    ['a misspelled field', (m) => { m.targets[0].bundle = ['native']; }, ['targets[0]: unknown field "bundle"; known: name, description, kind, source, output, bundles, args, nimcache, extraOutputs, declaredChanges']],
    ['a tup.config value of two lines', (m) => (m.tup.variants[0].config.DESIGN = 'true\nCONFIG_PROFILE=release'), ['tup.variants[0].config.DESIGN: must be one line of printable text, without line breaks, NUL or other control characters (found U+000A at 4) (got "true\\nCONFIG_PROFILE=release")']],
    ['a newline in a bundle description, which would end its comment', (m) => (m.bundles[0].description = 'Common\nrm -rf ~'), ['bundles[0].description: must be one line of printable text, without line breaks, NUL or other control characters (found U+000A at 6) (got "Common\\nrm -rf ~")']],
    ['a NUL in a target description', (m) => (m.targets[0].description = 'ct\u0000'), ['targets[0].description: must be one line of printable text, without line breaks, NUL or other control characters (found U+0000 at 2) (got "ct\\u0000")']],
    ['a control character in a record key', (m) => (m.tup.variants[0].config = { 'A\tB': '1' }), ['tup.variants[0].config["A\\tB"]: the name "A\\tB" must be an upper-case config name (got "1")']],
    ['a source Tup would read as two inputs', (m) => (m.targets[0].source = 'src/ct/a b.nim'), ['targets[0].source: must hold only letters, digits and . _ + / - (Tup reads it as an input path) (got "src/ct/a b.nim")']],
    ['an extra output with shell syntax', (m) => (m.targets[indexOf('js:index')].extraOutputs = ['{out}.map;touch x']), [`targets[${indexOf('js:index')}].extraOutputs[0]: must hold only letters, digits and . _ + / - besides {out}, {dir} and {stem} (Tup writes them after | in the rule) (got "{out}.map;touch x")`]],
    ['an absolute extra output', (m) => (m.targets[indexOf('js:index')].extraOutputs = ['/{stem}.map']), [
      `targets[${indexOf('js:index')}].extraOutputs[0]: must be relative (to the working directory, or through {out} or {dir}) (got "/{stem}.map")`,
      // …and the Tup rule that builds it would write outside the staged tree.
      expect.stringMatching(/^tup\.nodes\[".*"\]\.rules\[\d+\]\.output: "\/index\.map" leaves src\/build/) as unknown as string,
    ]],
    ['a file name no file system holds', (m) => (m.targets[0].output = 'x'.repeat(256)), [`targets[0].output: must have path components of at most 255 bytes (what file systems hold) (got "${'x'.repeat(256)}")`]],
    ['a tup.config value Tup reads as quoted', (m) => (m.tup.variants[0].config.DESIGN = '"true"'), ['tup.variants[0].config.DESIGN: must not start with " (Tup reads a quoted value and drops the quotes) (got "\\"true\\"")']],
    ['a scratch directory spliced into a command', (m) => (m.tup.variants[0].config.SCRATCH = '/tmp;touch x'), ['tup.variants[0].config.SCRATCH: must be an absolute path of letters, digits and _ . / - (the scratch directory) (got "/tmp;touch x")']],
    ['several problems at once, all reported', (m) => { m.targets[0].source = 'x.rs'; m.profiles[0].bundles = ['nope']; }, [
      'targets[0].source: must end with .nim (got "x.rs")',
      `profiles[0].bundles[0]: unknown bundle "nope"; known: ${knownBundles}`,
      'targets[0].source: "x.rs" must lie inside src/ (a relative path without ..)',
    ]],
  ];
  it.each(cases)('%s', (_name, mutate, want) => {
    expect(issuesOf(mutate)).toEqual(want);
  });
});
