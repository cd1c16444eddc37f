package org.activitycompletion.completion;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.quarkus.cache.Cache;
import io.quarkus.cache.CacheName;
import org.activitycompletion.activity.ActivityInfo;
import org.activitycompletion.common.LocalCache;
import org.activitycompletion.common.TransactionHooks;
import org.activitycompletion.feed.ChangeFeed;
import org.activitycompletion.feed.Keys;

/**
 * Users' completion statuses, cached per (activity, user), so that a repeat view and most
 * reads cost no SQL. Writers of one record hold its row lock: they put their new status just
 * before committing (ordered by the lock), and drop it if the commit fails. Writers of many
 * records drop them once they commit. So the cache never serves "not viewed" after a view
 * returned, nor anything older than the last committed write.
 * <p>
 * A user's line of a course (the statuses of its activities, in order, as the status query and
 * the report read them) is also cached whole, as a row per (course, user), so that a report page
 * costs a lookup per user instead of one per cell. Rows are made from the statuses above and
 * dropped whenever one of their statuses may change: a writer drops its user's row before it
 * commits and again when it ends; writers of many records drop the rows with the statuses.
 * Rows are loaded behind placeholders like the statuses, so a row built from older statuses
 * during a write is never published.
 * <p>
 * Every change is also published on the {@link ChangeFeed}; other instances drop the same
 * entries when it commits.
 */
@ApplicationScoped
public class CompletionCache {

    private static final String STATUS = "completion.status";
    private static final String ACTIVITY = "completion.activity";
    private static final String COURSE = "completion.course";
    private static final String USER = "completion.user";
    private static final String ALL = "completion.all";

    @Inject
    TransactionHooks hooks;

    private final ChangeFeed feed;

    private final LocalCache<ActivityUser, CompletionStatus> statuses;

    private final LocalCache<CourseUser, Row> rows;

    CompletionCache(@CacheName("completion-status") Cache statuses, @CacheName("completion-row") Cache rows,
            ChangeFeed feed) {
        this.feed = feed;
        this.statuses = new LocalCache<>(statuses, feed.freshness());
        this.rows = new LocalCache<>(rows, feed.freshness());
        feed.onOthersChanges(STATUS, body -> {
            long[] ids = Keys.parse(body);
            dropStatus(new ActivityUser(ids[0], ids[1]), new CourseUser(ids[2], ids[1]));
        });
        feed.onOthersChanges(ACTIVITY, body -> dropActivity(Keys.parse(body)[0]));
        feed.onOthersChanges(COURSE, body -> dropCourse(Keys.parse(body)[0]));
        feed.onOthersChanges(USER, body -> dropUser(Keys.parse(body)[0]));
        feed.onOthersChanges(ALL, body -> dropAll());
    }

    /** The key of a row. */
    record CourseUser(long courseId, long userId) {
        @Override
        public int hashCode() {
            return ActivityUser.mix(courseId, userId);
        }

        @Override
        public boolean equals(Object other) {
            return other instanceof CourseUser key && key.courseId == courseId && key.userId == userId;
        }
    }

    /** A user's statuses of some activities of a course, in the order of their ids. */
    record Row(long[] activityIds, List<CompletionStatus> statuses) {
    }

    public CompletionStatus getIfPresent(ActivityUser key) {
        return statuses.getIfPresent(key);
    }

    /** The statuses of the keys, in their order; the loader gets the missing ones. */
    public List<CompletionStatus> getAll(List<ActivityUser> keys,
            Function<Set<ActivityUser>, Map<ActivityUser, CompletionStatus>> loader) {
        return statuses.getAll(keys, loader);
    }

    /**
     * The users' lines (in order): each user's statuses of activities of one course (in order).
     * A user's line is their cached row's when it holds these activities in this order; missing
     * rows are made from the statuses (the loader gets the missing ones). A row made for other
     * activities (another caller's visibility, a course that changed) is left as it is, and that
     * user's line read status by status.
     */
    public List<List<CompletionStatus>> lines(long courseId, List<ActivityInfo> activities, List<Long> users,
            Function<Set<ActivityUser>, Map<ActivityUser, CompletionStatus>> loader) {
        int width = activities.size();
        long[] ids = new long[width];
        for (int i = 0; i < width; i++) {
            ids[i] = activities.get(i).id();
        }
        List<CourseUser> keys = new ArrayList<>(users.size());
        users.forEach(user -> keys.add(new CourseUser(courseId, user)));
        List<Row> found = rows.getAll(keys, missing -> {
            List<CourseUser> made = new ArrayList<>(missing);
            List<CompletionStatus> loaded = getAll(cells(ids, made), loader);
            Map<CourseUser, Row> result = new HashMap<>();
            for (int i = 0; i < made.size(); i++) {
                result.put(made.get(i), new Row(ids, List.copyOf(loaded.subList(i * width, (i + 1) * width))));
            }
            return result;
        });
        boolean[] fits = new boolean[keys.size()];
        List<CourseUser> others = new ArrayList<>();
        for (int i = 0; i < keys.size(); i++) {
            fits[i] = Arrays.equals(found.get(i).activityIds(), ids);
            if (!fits[i]) {
                others.add(keys.get(i));
            }
        }
        List<CompletionStatus> otherLines = others.isEmpty() ? List.of() : getAll(cells(ids, others), loader);
        List<List<CompletionStatus>> result = new ArrayList<>(keys.size());
        int other = 0;
        for (int i = 0; i < keys.size(); i++) {
            result.add(fits[i] ? found.get(i).statuses() : otherLines.subList(other * width, ++other * width));
        }
        return result;
    }

    private static List<ActivityUser> cells(long[] activityIds, List<CourseUser> users) {
        List<ActivityUser> cells = new ArrayList<>(activityIds.length * users.size());
        for (CourseUser user : users) {
            for (long activity : activityIds) {
                cells.add(new ActivityUser(activity, user.userId()));
            }
        }
        return cells;
    }

    /** A writer holding the record's row lock publishes its new status. */
    public void written(CompletionStatus status) {
        ActivityUser key = status.key();
        CourseUser row = new CourseUser(status.activity().courseId(), key.userId());
        hooks.beforeCommit(() -> {
            statuses.put(key, status);
            rows.invalidate(row);
        });
        hooks.afterCompletion(() -> {
            if (statuses.getIfPresent(key) != status) {
                statuses.invalidate(key);
            }
            rows.invalidate(row);
        }, () -> dropStatus(key, row));
        feed.publish(STATUS, Keys.join(key.activityId(), key.userId(), row.courseId()));
    }

    /** Drops every status of an activity, and every row, once the transaction ends. */
    public void activityChanged(long activityId) {
        Runnable drop = () -> dropActivity(activityId);
        hooks.afterCompletion(drop, drop);
        feed.publish(ACTIVITY, Keys.join(activityId));
    }

    /** Drops the rows of a course whose activities changed (one was added) once the transaction ends. */
    public void courseActivitiesChanged(long courseId) {
        Runnable drop = () -> dropCourse(courseId);
        hooks.afterCompletion(drop, drop);
        feed.publish(COURSE, Keys.join(courseId));
    }

    /** Drops every status and row of a user (their role changed) once the transaction ends. */
    public void userChanged(long userId) {
        Runnable drop = () -> dropUser(userId);
        hooks.afterCompletion(drop, drop);
        feed.publish(USER, Keys.join(userId));
    }

    /** Drops everything (a course's completion switch changed) once the transaction ends. */
    public void allChanged() {
        Runnable drop = this::dropAll;
        hooks.afterCompletion(drop, drop);
        feed.publish(ALL, "");
    }

    private void dropStatus(ActivityUser key, CourseUser row) {
        statuses.invalidate(key);
        rows.invalidate(row);
    }

    private void dropActivity(long activityId) {
        statuses.invalidateIf(key -> key.activityId() == activityId);
        rows.invalidateAll();
    }

    private void dropCourse(long courseId) {
        rows.invalidateIf(key -> key.courseId() == courseId);
    }

    private void dropUser(long userId) {
        statuses.invalidateIf(key -> key.userId() == userId);
        rows.invalidateIf(key -> key.userId() == userId);
    }

    private void dropAll() {
        statuses.invalidateAll();
        rows.invalidateAll();
    }
}
