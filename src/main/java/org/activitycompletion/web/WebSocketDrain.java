package org.activitycompletion.web;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import io.quarkus.runtime.annotations.RegisterForReflection;
import io.quarkus.vertx.http.runtime.filters.Filters;
import io.quarkus.vertx.http.runtime.filters.QuarkusRequestWrapper;
import io.vertx.core.http.HttpHeaders;
import org.jboss.logging.Logger;

/**
 * Lets an instance that serves subscriptions stop promptly. On SIGTERM Quarkus waits, up to
 * {@code quarkus.shutdown.timeout}, for the requests in flight; it counts a request as done when
 * its HTTP response ends or closes, which never happens to a request upgraded to a WebSocket, so
 * one subscription ever opened made every stop wait the whole timeout (10 s). A subscription is
 * not something to drain: its client reconnects to another instance. So a WebSocket upgrade is
 * counted as done when it arrives, through the request wrapper's own (package-private)
 * {@code done()}, which ignores a second call.
 * <p>
 * Upstream dependency: {@code io.quarkus.vertx.http.runtime.filters.QuarkusRequestWrapper#done()}
 * (Quarkus 3.34); if it cannot be reached, a warning says so once and stops wait out the timeout
 * again; {@code ManyInstancesIT} measures the stop.
 */
@ApplicationScoped
@RegisterForReflection(targets = QuarkusRequestWrapper.class, methods = true, fields = false)
public class WebSocketDrain {

    private static final Logger LOG = Logger.getLogger(WebSocketDrain.class);
    private final MethodHandle done = findDone();

    private static MethodHandle findDone() {
        try {
            return MethodHandles.privateLookupIn(QuarkusRequestWrapper.class, MethodHandles.lookup())
                    .findVirtual(QuarkusRequestWrapper.class, "done", MethodType.methodType(void.class));
        } catch (ReflectiveOperationException | RuntimeException e) {
            LOG.warnf("Quarkus' QuarkusRequestWrapper.done() cannot be reached (%s): a stop waits out"
                    + " quarkus.shutdown.timeout once a subscription was opened (see WebSocketDrain)", e);
            return null;
        }
    }

    void register(@Observes Filters filters) {
        if (done == null) {
            return;
        }
        filters.register(context -> {
            if (context.request().headers().contains(HttpHeaders.UPGRADE, HttpHeaders.WEBSOCKET, true)) {
                QuarkusRequestWrapper wrapper = QuarkusRequestWrapper.get(context.request());
                if (wrapper != null) {
                    try {
                        done.invoke(wrapper);
                    } catch (Throwable e) {
                        LOG.debug("Could not mark a WebSocket upgrade as done", e);
                    }
                }
            }
            context.next();
        }, 1000);
    }
}
