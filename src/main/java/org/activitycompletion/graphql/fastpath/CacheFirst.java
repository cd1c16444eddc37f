package org.activitycompletion.graphql.fastpath;

import java.util.function.Supplier;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.quarkus.arc.Arc;
import io.quarkus.arc.ManagedContext;
import io.quarkus.runtime.BlockingOperationNotAllowedException;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.operators.uni.builders.UniCreateFromKnownItem;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import org.activitycompletion.common.Blocking;
import org.activitycompletion.security.CurrentCaller;

/**
 * Replaces: SmallRye running every operation on a worker thread (Quarkus' default for blocking
 * work). Proven equal by: {@code CacheFirstTest}, the API test suites run with the fast path on and
 * off, and {@code FastPathEquivalenceIT}. With the fast path off, {@link #run} always goes to a
 * worker thread.
 * <p>
 * Runs an operation on the event loop that received the request when the caches can answer it,
 * else on a worker thread. A repeat view or a warm status read then costs no thread hand-over:
 * SmallRye runs operations returning {@link Uni} on the event loop, and {@link CacheFirstFetchers}
 * hands an answer made at once ({@link Answered}) straight to graphql-java. Where the work would need the
 * database it stops before reading or writing anything ({@link Blocking.Needed}; Quarkus' own
 * guard on the EntityManager is caught too) and is done again, whole, on a worker thread in a
 * request context of its own with the caller's token.
 */
@ApplicationScoped
public class CacheFirst {

    @Inject
    CurrentCaller caller;

    private final boolean enabled = FastPath.enabled();

    public <T> Uni<T> run(Supplier<T> work) {
        if (!enabled) {
            return onWorker(work);
        }
        try {
            return new Answered<>(work.get());
        } catch (Blocking.Needed | BlockingOperationNotAllowedException needsWorker) {
            return onWorker(work);
        } catch (RuntimeException e) {
            return Uni.createFrom().failure(e);
        }
    }

    /**
     * The answer of work done at once: a {@code Uni} of a known item, which {@link CacheFirstFetchers}
     * hands to graphql-java without subscribing to it.
     */
    public static final class Answered<T> extends UniCreateFromKnownItem<T> {
        Answered(T item) {
            super(item);
        }
    }

    /** The work on a worker thread, authenticated with the token of the current request. */
    public <T> Uni<T> onWorker(Supplier<T> work) {
        String token = caller.presentedToken();
        return Uni.createFrom().item(() -> inRequest(token, work)).runSubscriptionOn(Infrastructure.getDefaultWorkerPool());
    }

    private <T> T inRequest(String token, Supplier<T> work) {
        ManagedContext context = Arc.container().requestContext();
        context.activate();
        try {
            caller.useToken(token);
            return work.get();
        } finally {
            context.terminate();
        }
    }
}
