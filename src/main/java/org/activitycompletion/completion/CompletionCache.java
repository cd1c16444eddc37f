package org.activitycompletion.completion;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.quarkus.cache.Cache;
import io.quarkus.cache.CacheName;
import org.activitycompletion.common.LocalCache;
import org.activitycompletion.common.TransactionHooks;

/**
 * Users' completion statuses, cached per (activity, user), so that a repeat view and most
 * reads cost no SQL. Writers of one record hold its row lock: they put their new status just
 * before committing (ordered by the lock), and drop it if the commit fails. Writers of many
 * records drop them once they commit. So the cache never serves "not viewed" after a view
 * returned, nor anything older than the last committed write.
 */
@ApplicationScoped
public class CompletionCache {

    @Inject
    TransactionHooks hooks;

    private final LocalCache<ActivityUser, CompletionStatus> statuses;

    CompletionCache(@CacheName("completion-status") Cache statuses) {
        this.statuses = new LocalCache<>(statuses);
    }

    public CompletionStatus getIfPresent(ActivityUser key) {
        return statuses.getIfPresent(key);
    }

    /** The statuses of the keys, in their order; the loader gets the missing ones. */
    public List<CompletionStatus> getAll(List<ActivityUser> keys,
            Function<Set<ActivityUser>, Map<ActivityUser, CompletionStatus>> loader) {
        return statuses.getAll(keys, loader);
    }

    /** A writer holding the record's row lock publishes its new status. */
    public void written(CompletionStatus status) {
        ActivityUser key = status.key();
        hooks.beforeCommit(() -> statuses.put(key, status));
        hooks.afterCompletion(() -> {
            if (statuses.getIfPresent(key) != status) {
                statuses.invalidate(key);
            }
        }, () -> statuses.invalidate(key));
    }

    /** Drops every status of an activity once the transaction ends. */
    public void activityChanged(long activityId) {
        hooks.afterCompletion(() -> statuses.invalidateIf(key -> key.activityId() == activityId),
                () -> statuses.invalidateIf(key -> key.activityId() == activityId));
    }

    /** Drops every status of a user (their role changed) once the transaction ends. */
    public void userChanged(long userId) {
        hooks.afterCompletion(() -> statuses.invalidateIf(key -> key.userId() == userId),
                () -> statuses.invalidateIf(key -> key.userId() == userId));
    }

    /** Drops everything (a course's completion switch changed) once the transaction ends. */
    public void allChanged() {
        hooks.afterCompletion(statuses::invalidateAll, statuses::invalidateAll);
    }
}
