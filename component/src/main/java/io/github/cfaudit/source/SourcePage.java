package io.github.cfaudit.source;

import io.github.cfaudit.cloudflare.AuditEntry;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * One page of a run, ready to deliver: its entries not delivered before, in the API's (event-time) order, their ids
 * for the checkpoint, and the latest event time on the page (duplicates included), where the watermark moves once
 * the page is committed.
 *
 * @param number  the page's number in its run, from 1
 * @param entries the entries to deliver
 * @param ids     the ids of {@code entries} with their event times
 * @param maxTime the latest event time on the page; null for a page without entries
 * @param arrivals how late the entries arrived (see {@link PageArrivals}), counted when the page is committed
 */
public record SourcePage(
        int number, List<AuditEntry> entries, Map<String, Instant> ids, Instant maxTime, PageArrivals arrivals) {
    public SourcePage(int number, List<AuditEntry> entries, Map<String, Instant> ids, Instant maxTime) {
        this(number, entries, ids, maxTime, PageArrivals.NONE);
    }
}
