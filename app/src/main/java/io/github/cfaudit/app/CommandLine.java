package io.github.cfaudit.app;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** The command line: {@code [--config FILE] [--once] [--demo]}. */
record CommandLine(
        Path config,
        boolean once,
        boolean demo,
        boolean check,
        boolean help,
        boolean version,
        Path importCheckpoints,
        boolean overwrite,
        String helpOptions,
        String verify,
        List<Path> publicKeys) {
    /** {@code --help-options} without a type: every source and sink type is listed. */
    static final String ALL_TYPES = "";

    static final String USAGE = """
            Usage: java -jar camel-cloudflare-audit.jar [--config FILE] [--once | --check | --verify SINK] [--demo]
              --config FILE  read this properties file instead of ./application.properties
              --once         run every source once (checkpoint to end of window), then exit:
                             0 all complete, 1 a source failed, 2 bad configuration, 3 a source stopped early
              --check        validate the configuration, request one page of each source, probe each sink,
                             print a table and exit: 0 all OK, 1 something is wrong, 2 bad configuration
              --demo         poll a built-in Cloudflare API simulator (no credentials needed), write to ./demo-out/
              --version      print the version of this application, of Camel and of Java
              --verify SINK [--public-key FILE]...
                             check the signed manifests of a file or S3 sink (docs/archive.md): every
                             chain, signature and hash, and data no manifest covers; exit 0 intact,
                             1 problems found (each printed, naming the file or object), 2 bad usage or
                             configuration; --public-key (repeatable) verifies with public keys only
              --import-checkpoints DIR [--overwrite]
                             copy the checkpoint files of DIR (cfaudit.state.directory of a single node)
                             into the database of cfaudit.state.store=jdbc, then exit; a newer checkpoint in
                             the database is kept unless --overwrite
              --help-options [TYPE]
                             print the options of a source type (organization, account, insight), a sink
                             type (file, endpoint, s3, syslog) or a group (api, connection, state, jdbc,
                             cluster, delivery, health, progress); without TYPE, the list of them
              --help         print this help""";

    static CommandLine parse(String[] args) {
        Path config = Path.of("application.properties");
        boolean once = false;
        boolean demo = false;
        boolean help = false;
        boolean check = false;
        boolean version = false;
        Path importCheckpoints = null;
        boolean overwrite = false;
        String helpOptions = null;
        String verify = null;
        List<Path> publicKeys = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--config" -> {
                    if (i + 1 >= args.length) {
                        throw new IllegalArgumentException("--config needs a file name");
                    }
                    config = Path.of(args[++i]);
                }
                case "--import-checkpoints" -> {
                    if (i + 1 >= args.length) {
                        throw new IllegalArgumentException("--import-checkpoints needs a directory");
                    }
                    importCheckpoints = Path.of(args[++i]);
                }
                case "--overwrite" -> overwrite = true;
                case "--verify" -> {
                    if (i + 1 >= args.length || args[i + 1].startsWith("-")) {
                        throw new IllegalArgumentException("--verify needs the name of a sink");
                    }
                    verify = args[++i];
                }
                case "--public-key" -> {
                    if (i + 1 >= args.length) {
                        throw new IllegalArgumentException("--public-key needs a file name");
                    }
                    publicKeys.add(Path.of(args[++i]));
                }
                case "--help-options", "--describe" ->
                    helpOptions = i + 1 < args.length && !args[i + 1].startsWith("-") ? args[++i] : ALL_TYPES;
                case "--once" -> once = true;
                case "--demo" -> demo = true;
                case "--check" -> check = true;
                case "--help", "-h" -> help = true;
                case "--version", "-V" -> version = true;
                default -> throw new IllegalArgumentException("unknown argument '" + args[i] + "'");
            }
        }
        if (once && check) {
            throw new IllegalArgumentException("--once and --check cannot be combined");
        }
        if (importCheckpoints != null && (once || check || demo)) {
            throw new IllegalArgumentException(
                    "--import-checkpoints cannot be combined with --once, --check or --demo");
        }
        if (verify != null && (once || check || demo || importCheckpoints != null)) {
            throw new IllegalArgumentException(
                    "--verify cannot be combined with --once, --check, --demo or --import-checkpoints");
        }
        if (!publicKeys.isEmpty() && verify == null) {
            throw new IllegalArgumentException("--public-key only goes with --verify");
        }
        if (overwrite && importCheckpoints == null) {
            throw new IllegalArgumentException("--overwrite only goes with --import-checkpoints");
        }
        return new CommandLine(
                config,
                once,
                demo,
                check,
                help,
                version,
                importCheckpoints,
                overwrite,
                helpOptions,
                verify,
                List.copyOf(publicKeys));
    }
}
