package org.activitycompletion.completion;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.NoResultException;
import jakarta.transaction.Transactional;

import org.activitycompletion.activity.ActivityDirectory;
import org.activitycompletion.activity.ActivityInfo;
import org.activitycompletion.common.ApiException;
import org.activitycompletion.completion.CompletionRules.Decision;
import org.activitycompletion.completion.CompletionRules.Facts;
import org.activitycompletion.modules.ActivityModule;
import org.activitycompletion.modules.ModuleRegistry;

/**
 * Keeps stored completion current as events arrive: Moodle's update_state for one user, and
 * reset_all_state for everyone when an activity's settings change. The decisions themselves
 * are {@link CompletionRules}; this class loads facts, locks, writes, and tells the cache,
 * the history and the subscribers.
 */
@ApplicationScoped
public class CompletionEngine {

    @Inject
    CompletionStore store;

    @Inject
    FactsLoader factsLoader;

    @Inject
    ModuleRegistry modules;

    @Inject
    CompletionCache cache;

    @Inject
    CompletionEvents events;

    @Inject
    ActivityDirectory directory;

    /**
     * One event for one user.
     *
     * @param possible   what the event says the state may be
     * @param overrider  the teacher for an override; null otherwise
     * @param markViewed the event is a view to remember (the view condition is on)
     * @param cause      the event type, for the history
     * @param actorId    who caused it, for the history
     */
    public record Event(ActivityInfo activity, long userId, boolean trackedUser, PossibleResult possible, Long overrider,
            boolean markViewed, String cause, long actorId) {
    }

    @Transactional(Transactional.TxType.MANDATORY)
    public CompletionStatus apply(Event event) {
        long activityId = event.activity().id();
        ActivityUser key = new ActivityUser(activityId, event.userId());
        CompletionStore.Locked locked;
        try {
            locked = store.lock(activityId, event.userId());
        } catch (NoResultException deleted) {
            throw ApiException.notFound("Activity", activityId);
        }
        // A settings change committed since the snapshot was cached: decide with the new settings.
        ActivityInfo activity = locked.settingsVersion() == event.activity().settingsVersion()
                ? event.activity()
                : directory.reload(activityId);
        CompletionRow before = locked.row();
        CompletionRow current = event.markViewed() && !before.viewed()
                ? new CompletionRow(before.activityId(), before.userId(), before.state(), true, before.overriddenBy(),
                        before.timeModified())
                : before;
        Supplier<Facts> facts = memoize(() -> factsLoader.load(List.of(activity), List.of(event.userId()),
                Map.of(key, current)).get(key));
        ActivityModule module = modules.require(activity.modName());
        Decision decision;
        try {
            decision = CompletionRules.decide(activity.tracking(), current.current(), event.possible(), event.overrider(),
                    () -> automaticState(activity, module, facts.get()));
        } catch (IllegalArgumentException e) {
            throw ApiException.invalid(e.getMessage());
        }
        CompletionRow after = current;
        if (decision.changed()) {
            after = new CompletionRow(current.activityId(), current.userId(), decision.state(), current.viewed(),
                    decision.overriddenBy(), now());
        }
        if (!after.equals(before)) {
            store.save(after);
        }
        CompletionStatus status = CompletionStatus.of(activity, module, after, facts.get(), event.trackedUser());
        cache.written(status);
        if (decision.changed()) {
            store.appendHistory(before, after, event.cause(), event.actorId());
            events.changed(status);
        }
        return status;
    }

    /** The state every condition gives, ignoring any stored state. */
    private static CompletionState automaticState(ActivityInfo activity, ActivityModule module, Facts facts) {
        return CompletionRules.automaticState(CompletionRules.conditionStates(
                ActivityRules.conditions(module, activity.settings()), activity.settings(), facts));
    }

    /** How a recalculation changes users' states: before and after, per user. */
    public record Recalculation(Map<Long, CompletionRow> before, Map<Long, CompletionRow> after) {
        public long count(boolean fromComplete, boolean toComplete) {
            return after.keySet().stream()
                    .filter(u -> before.get(u).state().isComplete() == fromComplete
                            && after.get(u).state().isComplete() == toComplete)
                    .count();
        }
    }

    /**
     * Moodle's reset_all_state with the activity's (new) settings: states are forgotten (views
     * kept), then every user who had a record and every tracked user is recomputed. Writes
     * nothing; see {@link #applyRecalculation}.
     */
    public Recalculation recalculate(ActivityInfo activity, Set<Long> trackedUsers) {
        Map<Long, CompletionRow> before = store.forActivity(activity.id());
        Set<Long> users = new LinkedHashSet<>(before.keySet());
        users.addAll(trackedUsers);
        Map<ActivityUser, CompletionRow> rows = new HashMap<>();
        before.forEach((user, row) -> rows.put(new ActivityUser(activity.id(), user), row));
        ActivityModule module = modules.require(activity.modName());
        Map<ActivityUser, Facts> facts = activity.tracking() == CompletionTracking.AUTOMATIC
                ? factsLoader.load(List.of(activity), users, rows)
                : Map.of();
        Instant now = now();
        Map<Long, CompletionRow> after = new HashMap<>();
        Map<Long, CompletionRow> previous = new HashMap<>();
        for (Long user : users) {
            CompletionRow old = before.getOrDefault(user, CompletionRow.empty(activity.id(), user));
            CompletionState state = activity.tracking() == CompletionTracking.AUTOMATIC
                    ? automaticState(activity, module, facts.get(new ActivityUser(activity.id(), user)))
                    : CompletionState.INCOMPLETE;
            after.put(user, new CompletionRow(activity.id(), user, state, old.viewed(), null,
                    state == CompletionState.INCOMPLETE ? null : now));
            previous.put(user, old);
        }
        return new Recalculation(previous, after);
    }

    /** Stores a recalculation in a few batched statements and records each state change. */
    @Transactional(Transactional.TxType.MANDATORY)
    public void applyRecalculation(ActivityInfo activity, Recalculation recalculation, long actorId) {
        store.replaceAll(activity.id(), recalculation.after().values());
        List<CompletionRow[]> changes = recalculation.after().values().stream()
                .filter(row -> row.state() != recalculation.before().get(row.userId()).state())
                .map(row -> new CompletionRow[] {recalculation.before().get(row.userId()), row})
                .toList();
        store.appendHistory(changes, "SETTINGS_CHANGED", actorId);
        cache.activityChanged(activity.id());
    }

    private static Instant now() {
        return Instant.now().truncatedTo(ChronoUnit.MICROS);
    }

    private static <T> Supplier<T> memoize(Supplier<T> supplier) {
        return new Supplier<>() {
            private T value;
            private boolean done;

            @Override
            public T get() {
                if (!done) {
                    value = supplier.get();
                    done = true;
                }
                return value;
            }
        };
    }
}
