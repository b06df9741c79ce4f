import * as yamlPlugin from 'prettier/plugins/yaml';

interface Node {
  type: string;
  value?: unknown;
  children?: (Node | null)[];
}

const parser = (yamlPlugin as unknown as { parsers: { yaml: { parse: (text: string) => Node } } }).parsers.yaml;

/** The value of a YAML node of prettier's YAML parser (mappings, sequences and scalars, as strings). */
function valueOf(node: Node | null | undefined): unknown {
  if (!node) return null;
  const children = node.children ?? [];
  switch (node.type) {
    case 'root':
      return valueOf(children[0]);
    case 'document':
      return valueOf(children.find((c) => c?.type === 'documentBody'));
    case 'documentBody':
    case 'mappingKey':
    case 'mappingValue':
    case 'flowMappingItem':
    case 'sequenceItem':
    case 'flowSequenceItem':
      return valueOf(children[0]);
    case 'mapping':
    case 'flowMapping':
      return Object.fromEntries(children.map((item) => [String(valueOf(item?.children?.[0])), valueOf(item?.children?.[1])]));
    case 'sequence':
    case 'flowSequence':
      return children.map(valueOf);
    case 'plain':
    case 'quoteDouble':
    case 'quoteSingle':
    case 'blockLiteral':
    case 'blockFolded':
      return node.value;
    default:
      throw new Error(`YAML node ${node.type} is not read here`);
  }
}

/** Parse one YAML document with the YAML parser prettier ships (the yaml package); throws on a syntax error. */
export function parseYaml(text: string): unknown {
  return valueOf(parser.parse(text));
}
