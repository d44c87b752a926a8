package io.github.cfaudit.config;

import java.util.List;
import java.util.Objects;

/**
 * Options that live below one key prefix, documented together: a table of {@code docs/configuration.md}, a block of
 * {@code application.properties}, the output of {@code --help-options}.
 *
 * @param id      a short name: {@code api}, {@code source}, {@code account}, {@code s3}, ...
 * @param title   the heading of the table
 * @param prefix  the key prefix, with a placeholder where the user picks a name: {@code cfaudit.sink.<name>.}
 * @param intro   one or two sentences said before the table
 * @param options the options, in the order the table lists them
 */
public record OptionGroup(String id, String title, String prefix, String intro, List<Option<?>> options) {
    public OptionGroup {
        Objects.requireNonNull(id, "id == null");
        Objects.requireNonNull(title, "title == null");
        Objects.requireNonNull(prefix, "prefix == null");
        Objects.requireNonNull(intro, "intro == null");
        options = List.copyOf(options);
    }

    /** The names of its options, for the hint of an unknown key. */
    public List<String> names() {
        return options.stream().map(Option::documentedName).toList();
    }
}
