/** Output formats of `ct-gen lint`; a leaf module so the CLI can offer them without loading the formatters. */
export const FORMATS = ['text', 'json', 'sarif', 'github'] as const;
export type Format = (typeof FORMATS)[number];
