package org.activitycompletion.feed;

import java.time.Duration;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** The change feed between instances ({@code completion.change-feed.*}). */
@ConfigMapping(prefix = "completion.change-feed")
public interface FeedConfig {

    /**
     * Tell other instances about changes and hear of theirs. Only a deployment that is sure to
     * run one instance alone may switch it off.
     */
    @WithDefault("true")
    boolean enabled();

    /** How often each instance reads the change log: the typical delay before it sees another's change. */
    @WithDefault("PT0.05S")
    Duration poll();

    /**
     * How long after a read of the log began the caches are trusted: the bound on how long any
     * instance may serve what another instance's committed change replaced (under 1 s).
     */
    @WithDefault("PT0.8S")
    Duration trust();

    /** How long changes stay in the log; an instance cut off for longer drops every cache. */
    @WithDefault("PT10M")
    Duration retention();

    /** The longest wait between attempts to reconnect. */
    @WithDefault("PT2S")
    Duration maxReconnectDelay();
}
