package org.activitycompletion.feed;

/**
 * Whether this instance's caches may be read: only while the change feed has shown, a moment
 * ago, that it had received every change committed before that moment. A cache that is not
 * trusted is neither read nor filled (see {@code LocalCache}); so a lost connection, a stalled
 * listener or a lost notification can leave a stale entry visible for at most the trust window.
 * <p>
 * The check is a volatile read and a clock read: it is made on every cache access.
 */
public final class Freshness {

    /** Always trusted: a single instance without a feed (the feed is switched off), and unit tests. */
    public static final Freshness ALWAYS = new Freshness(true);

    private final boolean always;

    /** {@link System#nanoTime()} up to which the caches are trusted. */
    private volatile long trustedUntil;

    private Freshness(boolean always) {
        this.always = always;
        this.trustedUntil = System.nanoTime();
    }

    /** Not trusted until the feed first confirms it is listening. */
    static Freshness untrusted() {
        return new Freshness(false);
    }

    public boolean trusted() {
        return always || System.nanoTime() - trustedUntil < 0;
    }

    /** The feed has seen every change committed before {@code confirmedAt}; trust the caches for {@code windowNanos} after it. */
    void confirm(long confirmedAt, long windowNanos) {
        trustedUntil = confirmedAt + windowNanos;
    }

    /** The feed is gone: stop trusting at once. */
    void distrust() {
        trustedUntil = System.nanoTime();
    }
}
