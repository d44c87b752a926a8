package io.github.cfaudit.simulator;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;

/** Scheduled canned responses: by request sequence number or by predicate. Thread-safe. */
final class FaultInjector {

    private interface Fault {
        /** Returns true when this fault applies to the request (and consumes it if counted). */
        boolean take(long seq, RecordedRequest request);

        boolean exhausted(long seq);

        SimResponse response();
    }

    private static final class SeqFault implements Fault {
        private final long from;
        private final long to;
        private final SimResponse response;
        private long hits;

        SeqFault(long from, long to, SimResponse response) {
            this.from = from;
            this.to = to;
            this.response = response;
        }

        public boolean take(long seq, RecordedRequest request) {
            if (seq >= from && seq <= to) {
                hits++;
                return true;
            }
            return false;
        }

        public boolean exhausted(long seq) {
            return hits > to - from || seq > to + 10_000;
        }

        public SimResponse response() {
            return response;
        }
    }

    private static final class PredicateFault implements Fault {
        private final Predicate<RecordedRequest> predicate;
        private final SimResponse response;
        private int remaining;

        PredicateFault(Predicate<RecordedRequest> predicate, int times, SimResponse response) {
            this.predicate = predicate;
            this.remaining = times;
            this.response = response;
        }

        public boolean take(long seq, RecordedRequest request) {
            if (remaining > 0 && predicate.test(request)) {
                remaining--;
                return true;
            }
            return false;
        }

        public boolean exhausted(long seq) {
            return remaining <= 0;
        }

        public SimResponse response() {
            return response;
        }
    }

    private final List<Fault> faults = new ArrayList<>();

    synchronized void bySequence(long from, long to, SimResponse response) {
        faults.add(new SeqFault(from, to, response));
    }

    synchronized void byPredicate(Predicate<RecordedRequest> predicate, int times, SimResponse response) {
        faults.add(new PredicateFault(predicate, times, response));
    }

    synchronized Optional<SimResponse> match(long seq, RecordedRequest request) {
        Optional<SimResponse> hit = Optional.empty();
        for (Fault f : faults) {
            if (f.take(seq, request)) {
                hit = Optional.of(f.response());
                break;
            }
        }
        for (Iterator<Fault> it = faults.iterator(); it.hasNext(); ) {
            if (it.next().exhausted(seq)) {
                it.remove();
            }
        }
        return hit;
    }

    synchronized void clear() {
        faults.clear();
    }
}
