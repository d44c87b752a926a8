package io.github.cfaudit.formats;

import io.github.cfaudit.cloudflare.AuditEntry;
import io.github.cfaudit.cloudflare.SourceType;
import java.io.IOException;
import java.io.OutputStream;

/** The entry exactly as Cloudflare sent it (on one line): the default codec, what an archive wants. */
public final class CloudflareFormat implements RecordFormat {
    public static final String NAME = "cloudflare";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String mediaType() {
        return "application/json";
    }

    @Override
    public void write(AuditEntry entry, SourceType type, OutputStream out) throws IOException {
        out.write(entry.jsonBytes());
    }

    @Override
    public byte[] render(AuditEntry entry, SourceType type) {
        return entry.jsonBytes().clone();
    }

    @Override
    public String toString() {
        return NAME;
    }
}
