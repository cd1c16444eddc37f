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

    /** How often the listener confirms its connection with a round trip. */
    @WithDefault("PT0.2S")
    Duration heartbeat();

    /**
     * How long after a confirmed round trip began the caches are trusted: the bound on how long
     * any instance may serve a change another instance committed (must be under 1 s).
     */
    @WithDefault("PT0.8S")
    Duration trust();

    /** The longest wait between attempts to reconnect. */
    @WithDefault("PT2S")
    Duration maxReconnectDelay();
}
