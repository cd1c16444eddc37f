package org.activitycompletion.common;

import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import java.util.function.Predicate;

import io.quarkus.cache.Cache;
import io.quarkus.cache.CaffeineCache;
import org.activitycompletion.feed.Freshness;

/**
 * A typed view of a quarkus-cache (Caffeine) cache. A load runs on the calling thread and
 * publishes its placeholders first, so a {@link #put} or an invalidation made meanwhile wins
 * over it. Keys another load is filling are waited for, but only once the reader's own keys are
 * filled (so loads never wait for each other in a circle), for at most {@link #JOIN_WAIT_MS}; if
 * that load fails or takes longer, the reader loads those keys itself, so one caller's failure is
 * never another's. On a thread that must not block, a load throws {@link Blocking.Needed} instead.
 * <p>
 * While {@link Freshness} says the caches cannot be shown to be current (the change feed between
 * instances is down or late), nothing is read from or put into the cache: every value is loaded.
 * <p>
 * A load that fails is abandoned, not remembered: its placeholders are cancelled, which removes
 * them quietly. (Completed with the failure, Caffeine logs each one: tens of thousands of stack
 * traces when a report's request is cut off mid-load because its client left.)
 */
public final class LocalCache<K, V> {

    /** How long a reader waits for keys another load is filling before it loads them itself. */
    static final long JOIN_WAIT_MS = 5_000;

    private final Cache cache;
    private final Freshness freshness;

    public LocalCache(Cache cache, Freshness freshness) {
        this.cache = cache;
        this.freshness = freshness;
    }

    /** The cached value, else the loaded one; on a thread that must not block only a cached one. */
    public V get(K key, Function<K, V> loader) {
        V value = getIfPresent(key);
        if (value != null) {
            return value;
        }
        return getAll(List.of(key), keys -> {
            Map<K, V> loaded = new HashMap<>(2);
            loaded.put(key, loader.apply(key));
            return loaded;
        }).get(0);
    }

    /** The cached value, or null; a value still being loaded counts as absent. */
    public V getIfPresent(K key) {
        if (!freshness.trusted()) {
            return null;
        }
        return done(cache.as(CaffeineCache.class).getIfPresent(key));
    }

    @SuppressWarnings("unchecked")
    private V done(CompletableFuture<Object> future) {
        if (future == null || !future.isDone() || future.isCompletedExceptionally()) {
            return null;
        }
        return (V) future.join();
    }

    /**
     * The values of many keys, in their order; the missing ones are loaded together. Each
     * missing key gets a placeholder before the load, so a write or invalidation made during the
     * load wins over it; a key another load is filling keeps that load's placeholder, and this
     * load takes its value from it once its own keys are filled (cold report pages asked at once
     * each read every status again otherwise). Replacing a pending value would also make
     * Caffeine chain its replacement notice on the common pool, which on 2 cores starts a thread
     * per task: cold report pages asked at once then replaced each other's thousands of
     * placeholders and spent their time starting threads.
     */
    @SuppressWarnings("unchecked")
    public List<V> getAll(List<K> keys, Function<Set<K>, Map<K, V>> loader) {
        if (!freshness.trusted()) {
            Blocking.require();
            Map<K, V> loaded = loader.apply(new LinkedHashSet<>(keys));
            return keys.stream().map(loaded::get).toList();
        }
        CaffeineCache caffeine = cache.as(CaffeineCache.class);
        Object[] values = new Object[keys.size()];
        Set<K> missing = null;
        Map<K, CompletableFuture<Object>> placeholders = null;
        for (int i = 0; i < values.length; i++) {
            K key = keys.get(i);
            CompletableFuture<Object> current = caffeine.getIfPresent(key);
            values[i] = done(current);
            if (values[i] == null) {
                if (missing == null) {
                    Blocking.require();
                    missing = new LinkedHashSet<>();
                    placeholders = new LinkedHashMap<>();
                }
                if (missing.add(key) && (current == null || current.isDone())) {
                    CompletableFuture<Object> placeholder = new CompletableFuture<>();
                    caffeine.put(key, placeholder);
                    placeholders.put(key, placeholder);
                }
            }
        }
        if (missing != null) {
            Map<K, V> loaded = new HashMap<>();
            if (!placeholders.isEmpty()) {
                Map<K, V> own;
                try {
                    own = loader.apply(placeholders.keySet());
                } catch (RuntimeException | Error e) {
                    placeholders.values().forEach(placeholder -> placeholder.cancel(false));
                    throw e;
                }
                placeholders.forEach((key, placeholder) -> placeholder.complete(own.get(key)));
                loaded.putAll(own);
            }
            Set<K> notJoined = new LinkedHashSet<>();
            for (K key : missing) {
                if (!placeholders.containsKey(key)) {
                    V joined = join(caffeine.getIfPresent(key));
                    if (joined == null) {
                        notJoined.add(key);
                    } else {
                        loaded.put(key, joined);
                    }
                }
            }
            if (!notJoined.isEmpty()) {
                loaded.putAll(loader.apply(notJoined));
            }
            for (int i = 0; i < values.length; i++) {
                if (values[i] == null) {
                    values[i] = loaded.get(keys.get(i));
                }
            }
        }
        return (List<V>) Arrays.asList(values);
    }

    /** The value another load gives its placeholder; null if it fails, is gone or takes too long. */
    @SuppressWarnings("unchecked")
    private V join(CompletableFuture<Object> other) {
        if (other == null) {
            return null;
        }
        try {
            return (V) other.get(JOIN_WAIT_MS, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        } catch (ExecutionException | CancellationException | TimeoutException e) {
            return null;
        }
    }

    public void put(K key, V value) {
        if (!freshness.trusted()) {
            return;
        }
        cache.as(CaffeineCache.class).put(key, CompletableFuture.completedFuture(value));
    }

    public void invalidate(K key) {
        cache.invalidate(key).await().indefinitely();
    }

    @SuppressWarnings("unchecked")
    public void invalidateIf(Predicate<K> predicate) {
        cache.invalidateIf(key -> predicate.test((K) key)).await().indefinitely();
    }

    public void invalidateAll() {
        cache.invalidateAll().await().indefinitely();
    }
}
