package io.github.cfaudit.app;

import io.github.cfaudit.config.ConfigurationDocs;
import io.github.cfaudit.config.OptionCatalog;
import io.github.cfaudit.config.OptionGroup;
import java.util.List;
import java.util.Optional;

/** {@code --help-options [TYPE]}: the options of one source or sink type (or group), from their declarations. */
final class OptionsHelp {
    private OptionsHelp() {}

    /** Prints the options of {@code type}, or what can be described; returns the exit code. */
    static int print(String type) {
        if (type.equals(CommandLine.ALL_TYPES)) {
            System.out.println(list());
            return CloudflareAuditApplication.EXIT_OK;
        }
        Optional<List<OptionGroup>> groups = OptionCatalog.describe(type);
        if (groups.isEmpty()) {
            System.err.println("Error: '" + type + "' is not a source type, sink type or option group");
            System.err.println(list());
            return CloudflareAuditApplication.EXIT_CONFIG;
        }
        System.out.print(ConfigurationDocs.terminal(groups.get()));
        return CloudflareAuditApplication.EXIT_OK;
    }

    private static String list() {
        return "Usage: --help-options TYPE, TYPE one of: " + String.join(", ", OptionCatalog.describable())
                + "\nEvery option, with its default: docs/configuration.md";
    }
}
