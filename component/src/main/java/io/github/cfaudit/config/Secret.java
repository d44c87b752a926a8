package io.github.cfaudit.config;

import java.util.Objects;

/** A credential. Its {@link #toString()} never reveals the value, so it can sit in any config object that is logged. */
public final class Secret {
    private final String value;

    private Secret(String value) {
        this.value = Objects.requireNonNull(value, "value == null");
    }

    public static Secret of(String value) {
        return new Secret(value);
    }

    /** The clear value: call it only where the secret is put on the wire. */
    public String reveal() {
        return value;
    }

    @Override
    public String toString() {
        return "******";
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Secret s && s.value.equals(value);
    }

    @Override
    public int hashCode() {
        return value.hashCode();
    }
}
