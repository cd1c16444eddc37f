package org.activitycompletion.common;

import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;
import java.util.function.Predicate;

import io.quarkus.cache.Cache;
import io.quarkus.cache.CaffeineCache;

/**
 * A typed view of a quarkus-cache (Caffeine) cache. A load runs on the calling thread and
 * publishes its placeholders first, so a {@link #put} or an invalidation made meanwhile wins
 * over it; a reader never waits for another's load (it loads too), so one caller's failure is
 * never another's. On a thread that must not block, a load throws {@link Blocking.Needed} instead.
 * <p>
 * A load that fails is abandoned, not remembered: its placeholders are cancelled, which removes
 * them quietly. (Completed with the failure, Caffeine logs each one: tens of thousands of stack
 * traces when a report's request is cut off mid-load because its client left.)
 */
public final class LocalCache<K, V> {

    private final Cache cache;

    public LocalCache(Cache cache) {
        this.cache = cache;
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
     * load wins over it; a key another load is filling keeps that load's placeholder (this load
     * reads it too but leaves the caching to the other). Replacing a pending value would also make
     * Caffeine chain its replacement notice on the common pool, which on 2 cores starts a thread
     * per task: cold report pages asked at once then replaced each other's thousands of
     * placeholders and spent their time starting threads.
     */
    @SuppressWarnings("unchecked")
    public List<V> getAll(List<K> keys, Function<Set<K>, Map<K, V>> loader) {
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
                    placeholders = new HashMap<>();
                }
                if (missing.add(key) && (current == null || current.isDone())) {
                    CompletableFuture<Object> placeholder = new CompletableFuture<>();
                    caffeine.put(key, placeholder);
                    placeholders.put(key, placeholder);
                }
            }
        }
        if (missing != null) {
            Map<K, V> loaded;
            try {
                loaded = loader.apply(missing);
            } catch (RuntimeException | Error e) {
                placeholders.values().forEach(placeholder -> placeholder.cancel(false));
                throw e;
            }
            placeholders.forEach((key, placeholder) -> placeholder.complete(loaded.get(key)));
            for (int i = 0; i < values.length; i++) {
                if (values[i] == null) {
                    values[i] = loaded.get(keys.get(i));
                }
            }
        }
        return (List<V>) Arrays.asList(values);
    }

    public void put(K key, V value) {
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
