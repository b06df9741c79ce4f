import type { StatusInput } from '../schema/index.js';

const action = (name: string, nh: string[], fallback: string[], activates = false) => ({ name, nh, fallback, activates });

/** Seed 004's targets: nh for both; nixos-rebuild (as root, nom reading its JSON log) for os, home-manager for home. */
const targets: StatusInput['targets'] = [
  {
    name: 'os',
    description: 'the NixOS system configuration',
    nh: ['os'],
    fallback: 'nixos-rebuild',
    fallbackNeedsRoot: true,
    fallbackNomArgs: ['--log-format', 'internal-json', '-v'],
    nomArgs: ['--json'],
    actions: [
      action('switch', ['switch'], ['switch'], true),
      action('boot', ['boot'], ['boot'], true),
      action('test', ['test'], ['test'], true),
      action('build', ['build'], ['build']),
      action('dry-build', ['build', '--dry'], ['dry-build']),
    ],
  },
  {
    name: 'home',
    description: 'the Home Manager configuration of the calling user',
    nh: ['home'],
    fallback: 'home-manager',
    actions: [action('switch', ['switch'], ['switch'], true), action('build', ['build'], ['build']), action('dry-build', ['build', '--dry'], ['build', '--dry-run'])],
  },
];

/**
 * Codetracer's NixOS hosts keep seed 004's layout: logs under /var/log/nixos-builds, the last
 * 100 builds, the flake in /etc/nixos, the seed's targets. Tools and exit codes are the schema
 * defaults (nh with nom; 0 to 3).
 */
export const status: StatusInput = {
  targets,
  logDir: '/var/log/nixos-builds',
  historyLimit: 100,
  flake: '/etc/nixos',
  // A dry build activates nothing, so the test suite is safe to run on a live host.
  automation: { target: 'os', action: 'dry-build' },
};
