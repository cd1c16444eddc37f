package org.activitycompletion.common;

import io.quarkus.runtime.BlockingOperationControl;

/**
 * Marks the points where work would block on the database. Hot reads and repeat views are first
 * tried on the event loop, answered from the caches alone; at such a point, on a thread that must
 * not block, {@link Needed} is thrown before anything is read or written, and the caller does the
 * whole work again on a worker thread.
 */
public final class Blocking {

    private Blocking() {
    }

    /** Thrown on a thread that must not block where the work needs the database. */
    public static final class Needed extends RuntimeException {
        private static final Needed INSTANCE = new Needed();

        private Needed() {
            super("This work needs a worker thread.", null, false, false);
        }
    }

    /** @throws Needed on a thread that must not block (an event loop) */
    public static void require() {
        if (!BlockingOperationControl.isBlockingAllowed()) {
            throw Needed.INSTANCE;
        }
    }
}
