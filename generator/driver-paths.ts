/** Where the generated driver and its flag bundles live, relative to the repository root. */
export const DRIVER_PATH = 'tools/build/build_codetracer.sh';
export const FLAGS_ENV_PATH = 'tools/build/codetracer_flags.env';
