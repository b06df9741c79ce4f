import type { StatusInput } from '../schema/index.js';

/**
 * Codetracer's NixOS hosts keep seed 004's layout: logs under /var/log/nixos-builds, the last
 * 100 builds, the flake in /etc/nixos. Targets, tools and exit codes are the schema defaults
 * (nh with nom; nixos-rebuild for os, home-manager for home; 0 to 3).
 */
export const status: StatusInput = {
  logDir: '/var/log/nixos-builds',
  historyLimit: 100,
  flake: '/etc/nixos',
  // A dry build activates nothing, so the test suite is safe to run on a live host.
  automation: { target: 'os', action: 'dry-build' },
};
