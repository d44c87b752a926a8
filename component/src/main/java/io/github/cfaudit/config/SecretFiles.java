package io.github.cfaudit.config;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;

/**
 * Secrets read from files ({@code <option>-file=/path}), as Kubernetes and Docker mount them: the file's content with
 * its trailing line breaks removed, read once at start. Error messages name the key and the path, never the content.
 */
final class SecretFiles {
    /** {@code token} becomes {@code token-file}. */
    static final String SUFFIX = "-file";

    private SecretFiles() {}

    static Secret read(String key, String path) {
        Path file;
        try {
            file = Path.of(path);
        } catch (InvalidPathException e) {
            throw new ConfigException(
                    key,
                    "'" + path + "' is not a valid path; valid: the path of a readable file "
                            + "holding the secret, e.g. /run/secrets/cloudflare-token");
        }
        if (!Files.isRegularFile(file)) {
            throw new ConfigException(
                    key,
                    "the file " + path + " does not exist or is not a regular file; valid: the "
                            + "path of a readable file holding the secret, e.g. /run/secrets/cloudflare-token");
        }
        String content;
        try {
            content = Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException | RuntimeException e) {
            throw new ConfigException(
                    key,
                    "the file " + path + " cannot be read (" + e.getClass().getSimpleName()
                            + "); valid: a UTF-8 file readable by this process");
        }
        int end = content.length();
        while (end > 0 && (content.charAt(end - 1) == '\n' || content.charAt(end - 1) == '\r')) {
            end--;
        }
        if (end == 0) {
            throw new ConfigException(key, "the file " + path + " is empty; valid: a file holding the secret");
        }
        return Secret.of(content.substring(0, end));
    }
}
