/**
 * The default severity of a finding by what the compile builds: the schema's defaults
 * (`lint.severities`), and what lint uses when it is given none. Kept free of zod, which lint
 * does not load.
 */
export const DEFAULT_SEVERITIES = {
  product: 'error',
  test: 'warning',
  external: 'note',
  unknown: 'error',
} as const satisfies Record<'product' | 'test' | 'external' | 'unknown', 'error' | 'warning' | 'note'>;
