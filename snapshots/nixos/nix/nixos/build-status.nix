{ config, lib, pkgs, ... }:

# Installs nixos-build-status, nixos-build-wrapper and test-build-automation from the
# generated scripts beside this file, with the build-status library they source.
let
  cfg = config.programs.nixosBuildStatus;
  logDir = "/var/log/nixos-builds";

  library = pkgs.writeTextFile {
    name = "build-status.sh";
    text = builtins.readFile ../../lib/build-status.sh;
  };

  # writeShellApplication writes its own shebang and strict mode, so the script's shebang
  # goes; the library's store path replaces the lookup beside the script.
  command = name: extraInputs:
    pkgs.writeShellApplication {
      inherit name;
      runtimeInputs = [ pkgs.jq pkgs.coreutils pkgs.util-linux pkgs.gnugrep ] ++ extraInputs;
      text = "NIXOS_BUILD_STATUS_LIB=${library}\n"
        + lib.removePrefix "#!/usr/bin/env bash\n" (builtins.readFile (../../scripts + "/${name}"));
    };

  nom = lib.optional cfg.nom.enable pkgs.nix-output-monitor;
  status = command "nixos-build-status" [ ];
  wrapper = command "nixos-build-wrapper" nom;
  automation = command "test-build-automation" [ status wrapper ];
in
{
  options.programs.nixosBuildStatus = {
    enable = lib.mkEnableOption "the NixOS build-status commands (nixos-build-status, nixos-build-wrapper, test-build-automation)";

    nom.enable = lib.mkOption {
      type = lib.types.bool;
      default = true;
      description = "Show builds with nix-output-monitor (nom); without it the wrapper prints plain build output.";
    };

    logGroup = lib.mkOption {
      type = lib.types.str;
      default = "wheel";
      description = "Group whose members may record builds in ${logDir}.";
    };
  };

  config = lib.mkIf cfg.enable {
    environment.systemPackages = [ status wrapper automation ] ++ nom;
    environment.etc."nixos-build-status/build-status.sh".source = library;
    # setgid, not sticky: wrappers of different users replace each other's files by rename.
    systemd.tmpfiles.rules = [ "d ${logDir} 2775 root ${cfg.logGroup} - -" ];
  };
}
