package io.github.cfaudit.sink;

import io.github.cfaudit.cloudflare.AuditEntry;
import java.util.ArrayList;
import java.util.List;

/** A batch that keeps the page's entries in order until {@link #flush()}: the base of sinks that send entry by entry. */
public abstract class EntryListBatch implements PageBatch {
    protected final List<AuditEntry> entries = new ArrayList<>();

    @Override
    public void add(AuditEntry entry) {
        entries.add(entry);
    }

    @Override
    public int size() {
        return entries.size();
    }
}
