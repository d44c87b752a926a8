package io.github.cfaudit.sink;

import io.github.cfaudit.cloudflare.AuditEntry;

/** The entries of one page that go to one sink. */
public interface PageBatch {

    void add(AuditEntry entry);

    /** How many entries were added. */
    int size();

    /**
     * Hands every added entry to the destination and returns only once it accepted them durably (file appended and
     * synced, object stored, frames written). Throws when it could not: the page will be delivered again.
     */
    void flush() throws Exception;
}
