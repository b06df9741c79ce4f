import { describe, expect, it } from 'vitest';
import { codetracer } from '../../model/codetracer/index.js';
import { modelIssues } from '../support/model-issues.js';

const issuesOf = (mutate: (tup: any) => void) => modelIssues((m) => mutate(m.tup));

const node = (tup: any, dir: string) => tup.nodes.find((n: any) => n.dir === dir);

/**
 * Rules picked by what they are, never by where today's model puts them, so the cases hold for
 * any model with such rules: the index of the `n`th rule of node `dir` that `is` accepts.
 */
function ruleAt(dir: string, is: (rule: any) => boolean, n = 0): number {
  const rules: any[] = node(codetracer.tup, dir)?.rules ?? [];
  const found = rules.map((rule, i) => (is(rule) ? i : -1)).filter((i) => i >= 0)[n];
  if (found === undefined) throw new Error(`the model has no such rule in tup.nodes["${dir}"]`);
  return found;
}

const nim = ruleAt('ct', (r) => r.kind === 'nim');
const otherNim = ruleAt('ct', (r) => r.kind === 'nim', 1);
const otherOutput = node(codetracer.tup, 'ct').rules[otherNim].output;
const sourceCopy = ruleAt('', (r) => r.kind === 'copy' && !r.fromBuild);
const buildCopy = ruleAt('', (r) => r.kind === 'copy' && r.fromBuild);
const jsRule = ruleAt('', (r) => r.kind === 'nim' && r.output.endsWith('.js'));
const jsOutput = node(codetracer.tup, '').rules[jsRule].output;
const glob = ruleAt('public', (r) => r.kind === 'copy-glob');
const cargoWithInputs = ruleAt('db-backend', (r) => r.kind === 'cargo' && r.inputs);
const cargo = ruleAt('backend-manager', (r) => r.kind === 'cargo');
const pushed = (dir: string) => node(codetracer.tup, dir).rules.length;

describe('Tup tree validation names the node and the rule', () => {
  const cases: [string, (tup: any) => void, string[]][] = [
    ['output leaving src/build', (t) => (node(t, 'ct').rules[nim].output = '../../x'), [`tup.nodes["ct"].rules[${nim}].output: "../../x" leaves src/build (outputs are relative to src/build)`]],
    ['source outside src/', (t) => (node(t, 'db-backend').rules[cargoWithInputs].inputs = ['../../etc/passwd']), [`tup.nodes["db-backend"].rules[${cargoWithInputs}].inputs: "../../etc/passwd" resolves to "etc/passwd", outside the source root src/ (or inside src/build or a variant directory)`]],
    ['source inside src/build', (t) => (node(t, '').rules[sourceCopy].input = 'build/Tupfile'), [`tup.nodes["."].rules[${sourceCopy}].input: "build/Tupfile" resolves to "src/build/Tupfile", outside the source root src/ (or inside src/build or a variant directory)`]],
    ['two rules, one output', (t) => (node(t, 'ct').rules[nim].output = otherOutput), [`tup.nodes["ct"].rules[${otherNim}].output: "${otherOutput}" is already produced by tup.nodes["ct"].rules[${nim}]`]],
    ['a %-flag in a literal path', (t) => (node(t, '').rules[sourceCopy].input = 'helpers%f.js'), [`tup.nodes["."].rules[${sourceCopy}].input: must hold only letters, digits and . _ + / - (Tup pastes paths into commands unquoted) (got "helpers%f.js")`]],
    ['a glob without a wildcard', (t) => (node(t, 'public').rules[glob].glob = 'index.html'), [`tup.nodes["public"].rules[${glob}].glob: must contain a glob (* ? [..]) in its last component (got "index.html")`]],
    ['an unclosed bracket in a glob', (t) => (node(t, 'public').rules[glob].glob = '[abc'), [`tup.nodes["public"].rules[${glob}].glob: must close every [ with ] (and hold no stray ]) (got "[abc")`]],
    ['a wildcard in a directory of a glob', (t) => (node(t, 'public').rules[glob].glob = '*/x*.js'), [`tup.nodes["public"].rules[${glob}].glob: may have wildcards only in its last component (got "*/x*.js")`]],
    ['unknown nim target', (t) => (node(t, 'ct').rules[nim].target = 'testr'), [`tup.nodes["ct"].rules[${nim}].target: unknown target "testr"; known: ${codetracer.targets.map((x) => x.name).join(', ')}`]],
    ['copy of a build output no rule makes', (t) => (node(t, '').rules[buildCopy].input = 'nope.js'), [`tup.nodes["."].rules[${buildCopy}].input: "nope.js" is not an output of an earlier rule (fromBuild inputs are relative to src/build)`]],
    ['a source in a variant directory', (t) => (node(t, '').rules[sourceCopy].input = 'build-debug/x.js'), [`tup.nodes["."].rules[${sourceCopy}].input: "build-debug/x.js" resolves to "src/build-debug/x.js", outside the source root src/ (or inside src/build or a variant directory)`]],
    ['a path with white space', (t) => node(t, 'public').rules.push({ kind: 'copy', input: 'my file.txt' }), [`tup.nodes["public"].rules[${pushed('public')}].input: must hold only letters, digits and . _ + / - (Tup pastes paths into commands unquoted) (got "my file.txt")`]],
    ['an output that is the staged directory itself', (t) => (node(t, 'ct').rules[nim].output = 'bin/..'), [`tup.nodes["ct"].rules[${nim}].output: must name a file, not the directory itself (got "bin/..")`]],
    ['a copy onto a source map', (t) => node(t, '').rules.push({ kind: 'copy', input: 'helpers.js', output: `${jsOutput}.map` }), [`tup.nodes["."].rules[${pushed('')}].output: "${jsOutput}.map" is already produced by tup.nodes["."].rules[${jsRule}]`]],
    ['a cargo target dir a shell would split', (t) => (node(t, 'backend-manager').rules[cargo].targetDir = 'a b;touch x'), [`tup.nodes["backend-manager"].rules[${cargo}].targetDir: must be a relative path of letters, digits and _ . - (under the platform scratch directory) (got "a b;touch x")`]],
    ['duplicate node', (t) => t.nodes.push({ dir: 'ct', rules: [], omitted: [] }), ['tup.nodes["ct"].dir: duplicate node "ct"']],
  ];
  it.each(cases)('%s', (_name, mutate, want) => {
    expect(issuesOf(mutate)).toEqual(want);
  });
});
