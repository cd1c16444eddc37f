package org.activitycompletion.completion;

import java.io.StringReader;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.Json;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonBuilderFactory;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonReaderFactory;
import jakarta.json.JsonValue;

import io.quarkus.arc.Arc;
import io.quarkus.arc.ManagedContext;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.operators.multi.processors.BroadcastProcessor;
import org.activitycompletion.activity.ActivityDirectory;
import org.activitycompletion.common.ApiException;
import org.activitycompletion.common.TransactionHooks;
import org.activitycompletion.feed.ChangeFeed;
import org.jboss.logging.Logger;

/**
 * Completion state changes, published once their transaction has committed, to the subscribers
 * of every instance. The change goes out on the {@link ChangeFeed} and every instance, the one
 * that made it included, hands it to its subscribers as the feed delivers it: once, in commit
 * order. With the feed off (one instance alone) it is handed over locally after the commit.
 */
@ApplicationScoped
public class CompletionEvents {

    private static final String TOPIC = "completion.changed";
    /** Made once: each {@code Json.createObjectBuilder()} would look the JSON provider up again. */
    private static final JsonBuilderFactory JSON = Json.createBuilderFactory(Map.of());
    private static final JsonReaderFactory READERS = Json.createReaderFactory(Map.of());
    private static final Logger LOG = Logger.getLogger(CompletionEvents.class);

    @Inject
    TransactionHooks hooks;

    @Inject
    ActivityDirectory activities;

    private final ChangeFeed feed;
    private final BroadcastProcessor<CompletionStatus> changes = BroadcastProcessor.create();
    /** Subscriptions open on this instance: with none, received changes are not even read. */
    private final AtomicInteger subscribers = new AtomicInteger();
    /** Received changes are turned into statuses here, one at a time so that their order holds. */
    private final ExecutorService receiver = Executors.newSingleThreadExecutor(r -> {
        Thread thread = new Thread(r, "completion-events");
        thread.setDaemon(true);
        return thread;
    });

    CompletionEvents(ChangeFeed feed) {
        this.feed = feed;
        feed.onEveryChange(TOPIC, body -> {
            if (subscribers.get() > 0) {
                receiver.execute(() -> received(body));
            }
        });
    }

    /** Publishes the change when (and if) the current transaction commits. */
    public void changed(CompletionStatus status) {
        if (feed.enabled()) {
            feed.publish(TOPIC, encode(status));
        } else {
            hooks.afterCommit(() -> changes.onNext(status));
        }
    }

    /** Every change from now on. */
    public Multi<CompletionStatus> stream() {
        return changes.onSubscription().invoke(() -> subscribers.incrementAndGet())
                .onTermination().invoke(() -> subscribers.decrementAndGet());
    }

    @PreDestroy
    void stop() {
        receiver.shutdownNow();
    }

    private void received(String body) {
        ManagedContext request = Arc.container().requestContext();
        request.activate();
        try {
            changes.onNext(decode(body));
        } catch (ApiException gone) {
            LOG.debugf("A change of a deleted activity is not sent: %s", body);
        } catch (RuntimeException e) {
            LOG.errorf(e, "A completion change could not be read: %s", body);
        } finally {
            request.terminate();
        }
    }

    static String encode(CompletionStatus status) {
        JsonArrayBuilder conditions = JSON.createArrayBuilder();
        for (CompletionStatus.Condition condition : status.conditions()) {
            conditions.add(JSON.createObjectBuilder()
                    .add("rule", condition.rule())
                    .add("status", condition.status().name())
                    .add("description", condition.description()));
        }
        JsonObjectBuilder json = JSON.createObjectBuilder()
                .add("activity", status.activity().id())
                .add("user", status.userId())
                .add("state", status.state().name())
                .add("viewed", status.viewed())
                .add("tracked", status.trackedUser())
                .add("conditions", conditions);
        if (status.overriddenBy() != null) {
            json.add("overriddenBy", status.overriddenBy());
        }
        if (status.timeModified() != null) {
            json.add("modified", status.timeModified().toString());
        }
        return json.build().toString();
    }

    /** The status of an encoded change, with the activity as this instance knows it. */
    private CompletionStatus decode(String body) {
        JsonObject json;
        try (var reader = READERS.createReader(new StringReader(body))) {
            json = reader.readObject();
        }
        List<CompletionStatus.Condition> conditions = json.getJsonArray("conditions").getValuesAs(JsonObject.class)
                .stream()
                .map(c -> new CompletionStatus.Condition(c.getString("rule"),
                        CompletionState.valueOf(c.getString("status")), c.getString("description")))
                .toList();
        JsonValue overrider = json.get("overriddenBy");
        return new CompletionStatus(activities.require(json.getJsonNumber("activity").longValue()),
                json.getJsonNumber("user").longValue(),
                CompletionState.valueOf(json.getString("state")),
                json.getBoolean("viewed"),
                overrider == null ? null : json.getJsonNumber("overriddenBy").longValue(),
                json.containsKey("modified") ? Instant.parse(json.getString("modified")) : null,
                json.getBoolean("tracked"),
                conditions);
    }
}
