import java.time.Duration;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;

import com.github.benmanes.caffeine.cache.AsyncCache;
import com.github.benmanes.caffeine.cache.Caffeine;

/**
 * What a report page's 5,000 status lookups cost in a Caffeine cache shaped like
 * "completion-status" (async, 100,000 entries at most, expire after access; 1,000 users x 50
 * activities cached), against one lookup per user of a row holding the user's 50 statuses.
 * Rounds alternate in one JVM. Run by bench/java.sh CacheLookupBench.
 */
public class CacheLookupBench {
    private static final int USERS = 1000, ACTIVITIES = 50, PAGE = 100, PAGES = 200;

    /** Keyed like ActivityUser: two longs, a well-mixed hash. */
    record Key(long first, long second) {
        @Override
        public int hashCode() {
            long h = first * 0x9E3779B97F4A7C15L + second;
            h = (h ^ (h >>> 30)) * 0xBF58476D1CE4E5B9L;
            h = (h ^ (h >>> 27)) * 0x94D049BB133111EBL;
            return (int) (h ^ (h >>> 31) ^ (h >>> 32));
        }

        @Override
        public boolean equals(Object other) {
            return other instanceof Key key && key.first == first && key.second == second;
        }
    }

    /** Stands in for a CompletionStatus. */
    record Status(long activity, long user, String state) {
    }

    public static void main(String[] args) {
        AsyncCache<Key, Object> cells = cache(), rows = cache();
        for (long user = 1; user <= USERS; user++) {
            Status[] row = new Status[ACTIVITIES];
            for (int activity = 0; activity < ACTIVITIES; activity++) {
                row[activity] = new Status(activity, user, "COMPLETE");
                cells.put(new Key(activity * 5L + 1, user), CompletableFuture.completedFuture(row[activity]));
            }
            rows.put(new Key(7, user), CompletableFuture.completedFuture(row));
        }
        Random random = new Random(1);
        int rounds = Integer.parseInt(args.length > 0 ? args[0] : "10");
        for (int round = 1; round <= rounds; round++) {
            long perCell = time(() -> {
                long firstUser = random.nextInt(USERS - PAGE) + 1, found = 0;
                for (long user = firstUser; user < firstUser + PAGE; user++) {
                    for (int activity = 0; activity < ACTIVITIES; activity++) {
                        found += ((Status) cells.getIfPresent(new Key(activity * 5L + 1, user)).join()).activity();
                    }
                }
                return found;
            });
            long perRow = time(() -> {
                long firstUser = random.nextInt(USERS - PAGE) + 1, found = 0;
                for (long user = firstUser; user < firstUser + PAGE; user++) {
                    for (Status status : (Status[]) rows.getIfPresent(new Key(7, user)).join()) {
                        found += status.activity();
                    }
                }
                return found;
            });
            System.out.printf("round %2d: a lookup per cell %6.0f µs, a lookup per row %5.0f µs per page of %d x %d%n",
                    round, perCell / 1e3, perRow / 1e3, PAGE, ACTIVITIES);
        }
    }

    private static AsyncCache<Key, Object> cache() {
        return Caffeine.newBuilder().maximumSize(100_000).expireAfterAccess(Duration.ofHours(1)).recordStats().buildAsync();
    }

    private static long time(java.util.function.LongSupplier page) {
        long sink = 0, start = System.nanoTime();
        for (int i = 0; i < PAGES; i++) {
            sink += page.getAsLong();
        }
        if (sink == 42) {
            System.out.println();
        }
        return (System.nanoTime() - start) / PAGES;
    }
}
