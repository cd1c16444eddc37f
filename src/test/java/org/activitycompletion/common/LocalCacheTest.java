package org.activitycompletion.common;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.stream.Collectors;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.quarkus.cache.CaffeineCache;
import io.quarkus.cache.runtime.caffeine.CaffeineCacheImpl;
import io.quarkus.cache.runtime.caffeine.CaffeineCacheInfo;
import io.quarkus.runtime.BlockingOperationControl;
import io.quarkus.runtime.IOThreadDetector;

/**
 * A failed load leaves nothing behind and logs nothing per key; a reader waiting for an
 * abandoned load loads for itself. On the real quarkus-cache (Caffeine) cache.
 */
class LocalCacheTest {

    private final List<LogRecord> caffeineLog = new ArrayList<>();
    private final Logger caffeineLogger = Logger.getLogger("com.github.benmanes.caffeine.cache.LocalAsyncCache");
    private final Handler capture = new Handler() {
        @Override
        public void publish(LogRecord record) {
            synchronized (caffeineLog) {
                caffeineLog.add(record);
            }
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    };
    private CaffeineCacheImpl raw;
    private LocalCache<Integer, String> cache;

    @BeforeEach
    void setUp() {
        try {
            BlockingOperationControl.isBlockingAllowed();
        } catch (NullPointerException noQuarkusHere) {
            // No Quarkus application in this class loader: no thread here is an event loop.
            BlockingOperationControl.setIoThreadDetector(new IOThreadDetector[0]);
        }
        caffeineLogger.addHandler(capture);
        CaffeineCacheInfo info = new CaffeineCacheInfo();
        info.name = "test";
        info.maximumSize = 10_000L;
        raw = new CaffeineCacheImpl(info, false);
        cache = new LocalCache<>(raw, org.activitycompletion.feed.Freshness.ALWAYS);
    }

    @AfterEach
    void tearDown() {
        caffeineLogger.removeHandler(capture);
    }

    @Test
    void aFailedLoadOfManyKeysLeavesNothingAndLogsNothing() {
        List<Integer> keys = List.of(1, 2, 3, 4, 5, 6, 7, 8, 9, 10);
        IllegalStateException failure = new IllegalStateException("the session is closed");
        IllegalStateException thrown = assertThrows(IllegalStateException.class,
                () -> cache.getAll(keys, missing -> {
                    throw failure;
                }));
        assertSame(failure, thrown);
        keys.forEach(key -> assertNull(cache.getIfPresent(key)));
        assertEquals(0, raw.getSize(), "no placeholder left in the cache");

        AtomicInteger loads = new AtomicInteger();
        List<String> values = cache.getAll(keys, missing -> {
            loads.incrementAndGet();
            return missing.stream().collect(Collectors.toMap(Function.identity(), k -> "v" + k));
        });
        assertEquals(keys.stream().map(k -> "v" + k).toList(), values);
        assertEquals(1, loads.get(), "the next reader loads every key again, in one load");
        assertCaffeineLoggedNothing();
    }

    @Test
    void aReaderDuringAnotherLoadFillsItsOwnKeysThenTakesTheOthersValue() throws Exception {
        for (boolean otherFails : new boolean[] {true, false}) {
            raw.invalidateAll().await().indefinitely();
            ExecutorService threads = Executors.newFixedThreadPool(2);
            try {
                CountDownLatch loading = new CountDownLatch(1);
                CountDownLatch finish = new CountDownLatch(1);
                Future<?> other = threads.submit(() -> cache.getAll(List.of(7), missing -> {
                    loading.countDown();
                    await(finish);
                    if (otherFails) {
                        throw new IllegalStateException("the client left");
                    }
                    return Map.of(7, "loaded by the other");
                }));
                assertTrue(loading.await(10, TimeUnit.SECONDS));
                CompletableFuture<Object> placeholder = raw.as(CaffeineCache.class).getIfPresent(7);
                assertTrue(placeholder != null && !placeholder.isDone(), "the other load's placeholder is published");

                // While the other load runs, a reader fills its own key, leaves 7's placeholder alone and waits for it.
                List<Set<Integer>> asked = new CopyOnWriteArrayList<>();
                Future<List<String>> reader = threads.submit(() -> cache.getAll(List.of(7, 8), missing -> {
                    asked.add(Set.copyOf(missing));
                    return missing.stream().collect(Collectors.toMap(Function.identity(), k -> k + " by the reader"));
                }));
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
                while (cache.getIfPresent(8) == null && System.nanoTime() < deadline) {
                    Thread.sleep(5);
                }
                assertEquals("8 by the reader", cache.getIfPresent(8), "the reader's own key is filled first");
                assertFalse(reader.isDone(), "the reader waits for the other load's key");
                assertTrue(!raw.as(CaffeineCache.class).getIfPresent(7).isDone(), "7 is still the other load's");
                finish.countDown();

                if (otherFails) {
                    Exception failure = assertThrows(Exception.class, () -> other.get(10, TimeUnit.SECONDS));
                    assertTrue(failure.getCause() instanceof IllegalStateException);
                    assertEquals(List.of("7 by the reader", "8 by the reader"), reader.get(10, TimeUnit.SECONDS),
                            "the other's failure is not the reader's: it loads 7 itself");
                    assertEquals(List.of(Set.of(8), Set.of(7)), asked);
                    assertNull(cache.getIfPresent(7), "an abandoned load leaves nothing");
                } else {
                    other.get(10, TimeUnit.SECONDS);
                    assertEquals(List.of("loaded by the other", "8 by the reader"), reader.get(10, TimeUnit.SECONDS));
                    assertEquals(List.of(Set.of(8)), asked, "7 is read once, by the load that reserved it");
                    assertEquals("loaded by the other", cache.getIfPresent(7));
                }
                assertCaffeineLoggedNothing();
            } finally {
                threads.shutdownNow();
            }
        }
    }

    @Test
    void aFailedSingleLoadLeavesNothingAndLogsNothing() {
        assertThrows(IllegalStateException.class, () -> cache.get(3, k -> {
            throw new IllegalStateException("the session is closed");
        }));
        assertNull(cache.getIfPresent(3));
        assertEquals(0, raw.getSize());
        assertEquals("three", cache.get(3, k -> "three"));
        assertCaffeineLoggedNothing();
    }

    @Test
    void aLoadMissingSomeKeysCachesTheOthers() {
        List<String> values = cache.getAll(List.of(1, 2, 3), missing -> Map.of(1, "one", 3, "three"));
        assertEquals(Arrays.asList("one", null, "three"), values);
        assertEquals("one", cache.getIfPresent(1));
        assertNull(cache.getIfPresent(2));
        assertEquals("three", cache.getIfPresent(3));
    }

    private void assertCaffeineLoggedNothing() {
        synchronized (caffeineLog) {
            assertEquals(List.of(), caffeineLog.stream().map(LogRecord::getMessage).toList());
        }
    }

    private static void await(CountDownLatch latch) {
        try {
            if (!latch.await(10, TimeUnit.SECONDS)) {
                throw new IllegalStateException("timed out");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
