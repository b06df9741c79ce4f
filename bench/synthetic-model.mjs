// A model shaped like Codetracer's but larger: its targets and Tup directories cloned round-robin
// until there are `targets` and `tupDirs` of them. Clones build from their own sources into their
// own outputs; the legacy build, the surfaces and the baseline stay Codetracer's (they name the
// original targets only), so the model validates and every emitter has more to do.

/**
 * @param {object} model Codetracer's model input (model/codetracer, or the JSON of one)
 * @param {{ targets: number, tupDirs: number }} size
 */
export function scaledModel(model, { targets, tupDirs }) {
  const originals = model.targets;
  const copies = Math.ceil(targets / originals.length);
  const clone = (name, k) => (k === 0 ? name : `${name}-x${k}`);
  const scaledTargets = [];
  for (let i = 0; scaledTargets.length < targets; i++) {
    const k = Math.floor(i / originals.length);
    const t = originals[i % originals.length];
    if (k === 0) {
      scaledTargets.push(t);
      continue;
    }
    scaledTargets.push({
      ...t,
      name: clone(t.name, k),
      description: `${t.description} (copy ${k})`,
      source: t.source.replace(/([^/]+)\.nim$/, `x${k}/$1.nim`),
      output: t.output.replace(/^([^.]+)/, `$1_x${k}`),
      ...(t.nimcache?.policy === 'fixed' && { nimcache: { ...t.nimcache, path: `${t.nimcache.path}-x${k}` } }),
    });
  }
  const names = new Set(scaledTargets.map((t) => t.name));
  // A cloned directory builds the clones of its targets that exist, else the originals.
  const targetIn = (name, k) => (k > 0 && names.has(clone(name, ((k - 1) % (copies - 1)) + 1)) ? clone(name, ((k - 1) % (copies - 1)) + 1) : name);
  const nodes = [];
  for (let i = 0; nodes.length < tupDirs; i++) {
    const k = Math.floor(i / model.tup.nodes.length);
    const node = model.tup.nodes[i % model.tup.nodes.length];
    if (k === 0) {
      nodes.push(node);
      continue;
    }
    const dir = node.dir === '' ? `scaled${k}` : `scaled${k}/${node.dir}`;
    nodes.push({ ...node, dir, rules: node.rules.map((r) => cloneRule(r, k, targetIn, node.dir, dir)) });
  }
  return { ...model, targets: scaledTargets, tup: { ...model.tup, nodes } };
}

/**
 * A rule of a cloned directory: its outputs under `x<k>/`; what it copies from the build where
 * the clone puts it (stylus writes beside its directory, so under the clone's directory).
 */
function cloneRule(rule, k, targetIn, fromDir, toDir) {
  const under = (path) => `x${k}/${path}`;
  const built = (path) => (fromDir !== '' && path.startsWith(`${fromDir}/`) ? `${toDir}/${path.slice(fromDir.length + 1)}` : under(path));
  switch (rule.kind) {
    case 'nim':
      return { ...rule, target: targetIn(rule.target, k), output: under(rule.output) };
    case 'copy':
      return { ...rule, ...(rule.fromBuild && { input: built(rule.input) }), output: under(rule.output ?? rule.input) };
    default:
      return 'output' in rule ? { ...rule, output: under(rule.output) } : rule;
  }
}
