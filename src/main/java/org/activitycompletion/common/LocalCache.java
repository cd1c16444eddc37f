package org.activitycompletion.common;

import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;
import java.util.function.Predicate;

import io.quarkus.cache.Cache;
import io.quarkus.cache.CaffeineCache;

/**
 * A typed view of a quarkus-cache (Caffeine) cache. {@link #get} loads on the calling thread
 * and publishes its placeholder first, so a {@link #put} made meanwhile wins over the load.
 */
public final class LocalCache<K, V> {

    private final Cache cache;

    public LocalCache(Cache cache) {
        this.cache = cache;
    }

    public V get(K key, Function<K, V> loader) {
        return cache.get(key, loader).await().indefinitely();
    }

    /** The cached value, or null; a value still being loaded counts as absent. */
    @SuppressWarnings("unchecked")
    public V getIfPresent(K key) {
        CompletableFuture<Object> future = cache.as(CaffeineCache.class).getIfPresent(key);
        if (future == null || !future.isDone() || future.isCompletedExceptionally()) {
            return null;
        }
        return (V) future.join();
    }

    /**
     * The values of many keys; the missing ones are loaded together. Each missing key gets a
     * placeholder before the load, so a write or invalidation made during the load wins over it.
     */
    public Map<K, V> getAll(Collection<K> keys, Function<Set<K>, Map<K, V>> loader) {
        Map<K, V> result = new HashMap<>();
        Map<K, CompletableFuture<Object>> placeholders = new HashMap<>();
        CaffeineCache caffeine = cache.as(CaffeineCache.class);
        for (K key : keys) {
            V value = getIfPresent(key);
            if (value != null) {
                result.put(key, value);
            } else if (!placeholders.containsKey(key)) {
                CompletableFuture<Object> placeholder = new CompletableFuture<>();
                caffeine.put(key, placeholder);
                placeholders.put(key, placeholder);
            }
        }
        if (placeholders.isEmpty()) {
            return result;
        }
        try {
            Map<K, V> loaded = loader.apply(placeholders.keySet());
            placeholders.forEach((key, placeholder) -> {
                V value = loaded.get(key);
                placeholder.complete(value);
                result.put(key, value);
            });
            return result;
        } catch (RuntimeException e) {
            placeholders.forEach((key, placeholder) -> {
                placeholder.completeExceptionally(e);
                invalidate(key);
            });
            throw e;
        }
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
