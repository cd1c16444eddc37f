package org.activitycompletion.common;

import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

import io.micrometer.core.instrument.config.MeterFilter;

/** Settings of the metrics registry that Quarkus' configuration cannot express. */
public class Metrics {

    /**
     * Quarkus registers Micrometer's Netty event-executor binder twice, for Vert.x' event loops and
     * for its acceptor, and both register the untagged gauge {@code netty.eventexecutor.workers}:
     * the second is ignored with a WARN at every start (quarkusio/quarkus#52014). The gauge said
     * only how many event loops there are, which the configuration says too; the binders' other
     * meters (pending tasks per event loop) are tagged and stay.
     */
    @Produces
    @Singleton
    MeterFilter withoutAmbiguousNettyWorkerGauge() {
        return MeterFilter.denyNameStartsWith("netty.eventexecutor.workers");
    }
}
