package io.github.cfaudit.source;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.UUID;
import org.junit.jupiter.api.Test;

class RunIdsTest {
    @Test
    void anIdIsAddedOnce() {
        RunIds ids = new RunIds();
        assertThat(ids.add("e01")).isTrue();
        assertThat(ids.add("e02")).isTrue();
        assertThat(ids.add("e01")).isFalse();
        assertThat(ids.size()).isEqualTo(2);
    }

    @Test
    void everyIdFormIsKeptApartFromTheOthers() {
        String hex = "0123456789abcdef0123456789abcdef";
        String uuid = "01234567-89ab-cdef-0123-456789abcdef";
        RunIds ids = new RunIds();
        assertThat(ids.add(hex)).isTrue();
        // the same digits as a UUID, in upper case, and the all-zero id are other ids
        assertThat(ids.add(uuid)).isTrue();
        assertThat(ids.add(hex.toUpperCase())).isTrue();
        assertThat(ids.add("00000000000000000000000000000000")).isTrue();
        assertThat(ids.add("00000000000000000000000000000000")).isFalse();
        assertThat(ids.add(hex)).isFalse();
        assertThat(ids.add(uuid)).isFalse();
        assertThat(ids.add(hex.toUpperCase())).isFalse();
        assertThat(ids.size()).isEqualTo(4);
    }

    @Test
    void idsOfThe128BitFormsAreReadExactly() {
        assertThat(RunIds.hex128("ffffffffffffffff0000000000000001")).containsExactly(-1L, 1L);
        assertThat(RunIds.hex128("0123456789abcdef0123456789abcdeg")).isNull();
        assertThat(RunIds.hex128("01234567x89ab-cdef-0123-456789abcdef")).isNull();
        assertThat(RunIds.hex128("e01")).isNull();
    }

    @Test
    void manyIdsSurviveTheTableGrowing() {
        RunIds ids = new RunIds();
        UUID[] all = new UUID[50_000];
        for (int i = 0; i < all.length; i++) {
            all[i] = new UUID(i * 0x10000L, 7); // ids sharing most of their bits, as time-ordered ones do
            assertThat(ids.add(all[i].toString())).isTrue();
            assertThat(ids.add(Long.toHexString(i))).isTrue();
        }
        for (UUID u : all) {
            assertThat(ids.add(u.toString())).isFalse();
        }
        assertThat(ids.size()).isEqualTo(100_000);
    }

    @Test
    void isFullAtItsCapacityAndEmptyAfterClear() {
        RunIds ids = new RunIds(3);
        ids.add("a");
        ids.add("b");
        assertThat(ids.isFull()).isFalse();
        ids.add("c");
        assertThat(ids.isFull()).isTrue();
        ids.clear();
        assertThat(ids.size()).isZero();
        assertThat(ids.add("a")).isTrue();
    }

    @Test
    void theTableGrowsASegmentAtATime() {
        RunIds ids = new RunIds();
        int before = ids.slots();
        for (int i = 0; i < 200_000; i++) {
            ids.add(String.format("%032x", i * 0x9E3779B97F4A7C15L));
        }
        // 200,000 ids at a load of at most 0.75 in every segment: 2^18 or 2^19 slots in all, never one array of them
        assertThat(ids.slots()).isBetween(1 << 18, 1 << 19);
        assertThat(before).isEqualTo(RunIds.SEGMENTS * 16);
        for (int i = 0; i < 200_000; i++) {
            assertThat(ids.add(String.format("%032x", i * 0x9E3779B97F4A7C15L))).isFalse();
        }
        ids.clear();
        assertThat(ids.add(String.format("%032x", 0x9E3779B97F4A7C15L))).isTrue();
    }
}
