import { describe, expect, it } from 'vitest';
import { codetracer } from '../../model/codetracer/index.js';
import { modelIssues } from '../support/model-issues.js';

const issuesOf = (mutate: (tup: any) => void) => modelIssues((m) => mutate(m.tup));

const node = (tup: any, dir: string) => tup.nodes.find((n: any) => n.dir === dir);

describe('Tup tree validation names the node and the rule', () => {
  const cases: [string, (tup: any) => void, string[]][] = [
    ['output leaving src/build', (t) => (node(t, 'ct').rules[0].output = '../../x'), ['tup.nodes["ct"].rules[0].output: "../../x" leaves src/build (outputs are relative to src/build)']],
    ['source outside src/', (t) => (node(t, 'db-backend').rules[0].inputs = ['../../etc/passwd']), ['tup.nodes["db-backend"].rules[0].inputs: "../../etc/passwd" resolves to "etc/passwd", outside the source root src/ (or inside src/build or a variant directory)']],
    ['source inside src/build', (t) => (node(t, '').rules[7].input = 'build/Tupfile'), ['tup.nodes["."].rules[7].input: "build/Tupfile" resolves to "src/build/Tupfile", outside the source root src/ (or inside src/build or a variant directory)']],
    ['two rules, one output', (t) => (node(t, 'ct').rules[0].output = 'bin/db-backend-record'), ['tup.nodes["ct"].rules[1].output: "bin/db-backend-record" is already produced by tup.nodes["ct"].rules[0]']],
    ['a %-flag in a literal path', (t) => (node(t, '').rules[7].input = 'helpers%f.js'), ['tup.nodes["."].rules[7].input: must hold only letters, digits and . _ + / - (Tup pastes paths into commands unquoted) (got "helpers%f.js")']],
    ['a glob without a wildcard', (t) => (node(t, 'public').rules[0].glob = 'index.html'), ['tup.nodes["public"].rules[0].glob: must contain a glob (* ? [..]) in its last component (got "index.html")']],
    ['an unclosed bracket in a glob', (t) => (node(t, 'public').rules[0].glob = '[abc'), ['tup.nodes["public"].rules[0].glob: must close every [ with ] (and hold no stray ]) (got "[abc")']],
    ['a wildcard in a directory of a glob', (t) => (node(t, 'public').rules[0].glob = '*/x*.js'), ['tup.nodes["public"].rules[0].glob: may have wildcards only in its last component (got "*/x*.js")']],
    ['unknown nim target', (t) => (node(t, 'ct').rules[0].target = 'testr'), [expect.stringMatching(/^tup\.nodes\["ct"\]\.rules\[0\]\.target: unknown target "testr"; known: ct, /) as any]],
    ['copy of a build output no rule makes', (t) => (node(t, '').rules[8].input = 'nope.js'), ['tup.nodes["."].rules[8].input: "nope.js" is not an output of an earlier rule (fromBuild inputs are relative to src/build)']],
    ['a source in a variant directory', (t) => (node(t, '').rules[7].input = 'build-debug/x.js'), ['tup.nodes["."].rules[7].input: "build-debug/x.js" resolves to "src/build-debug/x.js", outside the source root src/ (or inside src/build or a variant directory)']],
    ['a path with white space', (t) => (node(t, 'public').rules.push({ kind: 'copy', input: 'my file.txt' })), [`tup.nodes["public"].rules[${codetracer.tup.nodes.find((n) => n.dir === 'public')!.rules!.length}].input: must hold only letters, digits and . _ + / - (Tup pastes paths into commands unquoted) (got "my file.txt")`]],
    ['an output that is the staged directory itself', (t) => (node(t, 'ct').rules[0].output = 'bin/..'), ['tup.nodes["ct"].rules[0].output: must name a file, not the directory itself (got "bin/..")']],
    ['a copy onto a source map', (t) => node(t, '').rules.push({ kind: 'copy', input: 'helpers.js', output: 'index.js.map' }), [`tup.nodes["."].rules[${codetracer.tup.nodes[0]!.rules!.length}].output: "index.js.map" is already produced by tup.nodes["."].rules[0]`]],
    ['a cargo target dir a shell would split', (t) => (node(t, 'backend-manager').rules[0].targetDir = 'a b;touch x'), ['tup.nodes["backend-manager"].rules[0].targetDir: must be a relative path of letters, digits and _ . - (under the platform scratch directory) (got "a b;touch x")']],
    ['duplicate node', (t) => t.nodes.push({ dir: 'ct', rules: [], omitted: [] }), ['tup.nodes["ct"].dir: duplicate node "ct"']],
  ];
  it.each(cases)('%s', (_name, mutate, want) => {
    expect(issuesOf(mutate)).toEqual(want);
  });
});
