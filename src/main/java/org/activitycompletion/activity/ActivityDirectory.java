package org.activitycompletion.activity;

import java.util.List;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;

import io.quarkus.cache.Cache;
import io.quarkus.cache.CacheName;
import org.activitycompletion.common.ApiException;
import org.activitycompletion.common.LocalCache;
import org.activitycompletion.common.TransactionHooks;
import org.activitycompletion.feed.ChangeFeed;
import org.activitycompletion.feed.Keys;

/**
 * Activities as immutable snapshots, cached by id and by course. Every write to an activity or
 * a course's completion switch drops the affected entries once it commits, on every instance
 * (through the {@link ChangeFeed}).
 */
@ApplicationScoped
public class ActivityDirectory {

    @Inject
    EntityManager em;

    @Inject
    TransactionHooks hooks;

    private static final String ACTIVITY = "activity";
    private static final String ALL = "activity.all";

    private final ChangeFeed feed;
    private final LocalCache<Long, Optional<ActivityInfo>> byId;
    private final LocalCache<Long, List<ActivityInfo>> byCourse;
    private final LocalCache<String, Optional<Long>> byInstance;

    ActivityDirectory(@CacheName("activity") Cache byId, @CacheName("course-activities") Cache byCourse,
            @CacheName("activity-instance") Cache byInstance, ChangeFeed feed) {
        this.feed = feed;
        this.byId = new LocalCache<>(byId, feed.freshness());
        this.byCourse = new LocalCache<>(byCourse, feed.freshness());
        this.byInstance = new LocalCache<>(byInstance, feed.freshness());
        feed.onOthersChanges(ACTIVITY, body -> {
            long[] ids = Keys.parse(body);
            drop(ids[0], ids[1]);
        });
        feed.onOthersChanges(ALL, body -> dropAll());
    }

    /** @throws ApiException NOT_FOUND when there is no such activity */
    public ActivityInfo require(long activityId) {
        return byId.get(activityId, this::load).orElseThrow(() -> ApiException.notFound("Activity", activityId));
    }

    /**
     * The activity of a module instance (Moodle's forumid, pageid, ...). The instance → id
     * mapping is cached without invalidation: instance ids come from a sequence and never move
     * to another activity, and a deleted activity fails in {@link #require}.
     */
    public ActivityInfo requireByInstance(String modName, long instance) {
        Optional<Long> id = byInstance.get(modName + ":" + instance, key -> em.createQuery(
                "select a.id from Activity a where a.modName = :m and a.instance = :i", Long.class)
                .setParameter("m", modName)
                .setParameter("i", instance)
                .getResultStream()
                .findFirst());
        if (id.isEmpty()) {
            byInstance.invalidate(modName + ":" + instance); // not remembered: it may be created later
            throw ApiException.notFound(Character.toUpperCase(modName.charAt(0)) + modName.substring(1), instance);
        }
        return require(id.get());
    }

    /** The course's activities in course order, hidden ones included. */
    public List<ActivityInfo> inCourse(long courseId) {
        return byCourse.get(courseId, this::loadCourse);
    }

    /** The activity as committed now, bypassing and refreshing the cache (after a concurrent settings change). */
    public ActivityInfo reload(long activityId) {
        byId.invalidate(activityId);
        return require(activityId);
    }

    /** Call in the transaction that changed the activity. */
    public void activityChanged(long activityId, long courseId) {
        hooks.afterCommit(() -> drop(activityId, courseId));
        feed.publish(ACTIVITY, Keys.join(activityId, courseId));
    }

    /** Call in the transaction that changed a course's completion switch. */
    public void courseChanged() {
        hooks.afterCommit(this::dropAll);
        feed.publish(ALL, "");
    }

    private void drop(long activityId, long courseId) {
        byId.invalidate(activityId);
        byCourse.invalidate(courseId);
    }

    private void dropAll() {
        byId.invalidateAll();
        byCourse.invalidateAll();
    }

    private Optional<ActivityInfo> load(long activityId) {
        return em.createQuery("select distinct a, c.enableCompletion from Activity a left join fetch a.customRules,"
                + " Course c where c.id = a.courseId and a.id = :id", Object[].class)
                .setParameter("id", activityId)
                .getResultStream()
                .findFirst()
                .map(row -> ActivityInfo.of((Activity) row[0], (Boolean) row[1]));
    }

    private List<ActivityInfo> loadCourse(long courseId) {
        return em.createQuery("select distinct a, c.enableCompletion from Activity a left join fetch a.customRules,"
                + " Course c where c.id = a.courseId and a.courseId = :course order by a.sortOrder, a.id", Object[].class)
                .setParameter("course", courseId)
                .getResultStream()
                .map(row -> ActivityInfo.of((Activity) row[0], (Boolean) row[1]))
                .toList();
    }
}
