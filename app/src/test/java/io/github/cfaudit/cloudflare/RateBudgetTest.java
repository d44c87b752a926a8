package io.github.cfaudit.cloudflare;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class RateBudgetTest {

    @Test
    void letsThroughAtMostTheLimitInAnyWindow() throws Exception {
        RateBudget budget = new RateBudget(5, Duration.ofMillis(400));
        long start = System.nanoTime();
        List<Long> times = new CopyOnWriteArrayList<>();
        for (int i = 0; i < 12; i++) {
            budget.acquire();
            times.add(System.nanoTime() - start);
        }
        for (int i = 5; i < times.size(); i++) {
            assertThat(times.get(i) - times.get(i - 5))
                    .as("request %d", i)
                    .isGreaterThanOrEqualTo(TimeUnit.MILLISECONDS.toNanos(400));
        }
        assertThat(budget.requests()).isEqualTo(12);
    }

    @Test
    void a429PausesEveryCallerForItsRetryAfter() throws Exception {
        RateBudget budget = new RateBudget(1000, Duration.ofMinutes(5));
        budget.acquire();
        long start = System.nanoTime();
        budget.onResponse(429, null, "1");
        assertThat(budget.isPaused()).isTrue();
        budget.acquire();
        assertThat(System.nanoTime() - start).isGreaterThanOrEqualTo(TimeUnit.MILLISECONDS.toNanos(990));
    }

    @Test
    void anExhaustedServerBudgetPausesUntilItsReset() {
        AtomicLong now = new AtomicLong(0);
        RateBudget budget = new RateBudget(1000, Duration.ofMinutes(5), now::get);
        budget.onResponse(200, "\"default\";r=0;t=30", null);
        assertThat(budget.isPaused()).isTrue();
        now.addAndGet(TimeUnit.SECONDS.toNanos(29));
        assertThat(budget.isPaused()).isTrue();
        now.addAndGet(TimeUnit.SECONDS.toNanos(2));
        assertThat(budget.isPaused()).isFalse();
        budget.onResponse(200, "\"default\";r=1100;t=300", null);
        assertThat(budget.isPaused()).isFalse();
    }

    @Test
    void fewRemainingRequestsAreSpreadOverTheTimeToReset() throws Exception {
        RateBudget budget = new RateBudget(1000, Duration.ofMinutes(5));
        budget.acquire();
        budget.onResponse(200, "\"default\";r=4;t=1", null);
        long start = System.nanoTime();
        budget.acquire();
        assertThat(System.nanoTime() - start).isGreaterThanOrEqualTo(TimeUnit.MILLISECONDS.toNanos(200));
    }

    @Test
    void aScaledDownBudgetSpreadsOnlyBelowTheSameShareOfItsLimit() throws Exception {
        // 20 per 5 s, the benchmark's scaled budget: 5 remaining is a quarter of it, not "few" (at 1000 it would be)
        RateBudget budget = new RateBudget(20, Duration.ofSeconds(5));
        budget.acquire();
        budget.onResponse(200, "\"default\";r=5;t=4", null);
        long start = System.nanoTime();
        budget.acquire();
        assertThat(System.nanoTime() - start).isLessThan(TimeUnit.MILLISECONDS.toNanos(500));
    }

    @Test
    void waitingSourcesAreServedInTurn() throws Exception {
        // one request per window: each caller is served a whole window after the previous one, so the order in which
        // the callers record themselves after acquire() is the order in which they were served (with two per window,
        // the backfill's third request and the small one were served together and recorded in either order)
        RateBudget budget = new RateBudget(1, Duration.ofMillis(200));
        List<String> order = new CopyOnWriteArrayList<>();
        Runnable backfill = () -> {
            for (int i = 0; i < 6; i++) {
                try {
                    budget.acquire();
                } catch (InterruptedException e) {
                    return;
                }
                order.add("big");
            }
        };
        Thread big = new Thread(backfill);
        big.start();
        // the backfill's third request is waiting in the budget (not merely about to ask) before the small one asks
        while (order.size() < 2
                || (big.getState() != Thread.State.TIMED_WAITING && big.getState() != Thread.State.WAITING)) {
            Thread.onSpinWait();
        }
        Thread small = new Thread(() -> {
            try {
                budget.acquire();
                order.add("small");
            } catch (InterruptedException ignored) {
                // ends the thread
            }
        });
        small.start();
        big.join(5000);
        small.join(5000);
        // the small source is served right after the one backfill request already waiting, not after the whole backfill
        assertThat(order.indexOf("small")).isEqualTo(3);
    }

    @Test
    void retryAfterIsSecondsOrAnHttpDate() {
        assertThat(RateBudget.parseRetryAfter("7")).isEqualTo(Duration.ofSeconds(7));
        assertThat(RateBudget.parseRetryAfter(null)).isEqualTo(Duration.ofSeconds(60));
        assertThat(RateBudget.parseRetryAfter("soon")).isEqualTo(Duration.ofSeconds(60));
        assertThat(RateBudget.parseRetryAfter("Wed, 21 Oct 2015 07:28:00 GMT")).isEqualTo(Duration.ofSeconds(1));
    }
}
