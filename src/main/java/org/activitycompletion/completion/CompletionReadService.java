package org.activitycompletion.completion;

import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;

import org.activitycompletion.activity.ActivityDirectory;
import org.activitycompletion.activity.ActivityInfo;
import org.activitycompletion.activity.ActivityService;
import org.activitycompletion.common.ApiException;
import org.activitycompletion.course.CourseRole;
import org.activitycompletion.course.EnrolmentDirectory;
import org.activitycompletion.modules.ModuleRegistry;
import org.activitycompletion.security.AccessPolicy;

/**
 * Reads users' completion: from the status cache, the misses from stored records and facts,
 * a whole course in a bounded number of statements.
 */
@ApplicationScoped
@Transactional(Transactional.TxType.SUPPORTS)
public class CompletionReadService {

    @Inject
    AccessPolicy access;

    @Inject
    ActivityService activities;

    @Inject
    ActivityDirectory directory;

    @Inject
    EnrolmentDirectory enrolments;

    @Inject
    CompletionCache cache;

    @Inject
    CompletionStore store;

    @Inject
    FactsLoader factsLoader;

    @Inject
    ModuleRegistry modules;

    /**
     * The user's completion of every activity with tracking that the caller can see, in course
     * order (Moodle's core_completion_get_activities_completion_status).
     */
    public List<CompletionStatus> statuses(long courseId, long userId) {
        access.requireCourseVisible(courseId);
        CourseRole role = requireReadable(courseId, userId);
        List<ActivityInfo> tracked = activities.visibleInCourse(courseId).stream()
                .filter(a -> a.tracking() != CompletionTracking.NONE)
                .toList();
        return load(tracked, userId, role == CourseRole.STUDENT);
    }

    /** The user's completion of one activity the caller can see. */
    public CompletionStatus of(long activityId, long userId) {
        ActivityInfo activity = activities.get(activityId);
        CourseRole role = requireReadable(activity.courseId(), userId);
        return status(activity, userId, role == CourseRole.STUDENT);
    }

    /**
     * The user's completion of each of the given activities, in that order; the activities are
     * found through their courses' cached lists, one batch per course.
     *
     * @param activityCourses activity id → its course id
     */
    public List<CompletionStatus> of(Map<Long, Long> activityCourses, long userId) {
        Map<Long, CompletionStatus> byActivity = new HashMap<>();
        new HashSet<>(activityCourses.values()).forEach(course -> {
            boolean tracked = requireReadable(course, userId) == CourseRole.STUDENT;
            List<ActivityInfo> group = activities.visibleInCourse(course).stream()
                    .filter(a -> activityCourses.containsKey(a.id()))
                    .toList();
            load(group, userId, tracked).forEach(s -> byActivity.put(s.activity().id(), s));
        });
        return activityCourses.keySet().stream().map(id -> {
            CompletionStatus status = byActivity.get(id);
            if (status == null) {
                throw ApiException.notFound("Activity", id);
            }
            return status;
        }).toList();
    }

    /** One status, for callers that already checked access. */
    public CompletionStatus status(ActivityInfo activity, long userId, boolean trackedUser) {
        return load(List.of(activity), userId, trackedUser).get(0);
    }

    /**
     * Moodle's course progress percentage (4.4+): over the tracked activities the user can see,
     * the share that are overall complete, × 100, unrounded. Null when completion is off for
     * the course, the user is not tracked (not a student) or no activity is tracked.
     */
    public Double progress(long courseId, long userId) {
        access.requireCourseVisible(courseId);
        CourseRole role = requireReadable(courseId, userId);
        if (role != CourseRole.STUDENT) {
            return null;
        }
        List<ActivityInfo> counted = directory.inCourse(courseId).stream()
                .filter(a -> a.tracking() != CompletionTracking.NONE && a.visible())
                .toList();
        if (counted.isEmpty()) {
            return null;
        }
        long complete = load(counted, userId, true).stream().filter(CompletionStatus::overallComplete).count();
        return complete * 100.0 / counted.size();
    }

    private CourseRole requireReadable(long courseId, long userId) {
        access.requireCanReadCompletion(courseId, userId);
        return enrolments.role(courseId, userId)
                .orElseThrow(() -> LearnerResolver.notEnrolled(userId, courseId));
    }

    private List<CompletionStatus> load(List<ActivityInfo> list, long userId, boolean trackedUser) {
        Map<ActivityUser, ActivityInfo> byKey = new HashMap<>();
        list.forEach(a -> byKey.put(new ActivityUser(a.id(), userId), a));
        Map<ActivityUser, CompletionStatus> statuses = cache.getAll(byKey.keySet(),
                missing -> fromDatabase(missing, byKey, userId, trackedUser));
        return list.stream().map(a -> statuses.get(new ActivityUser(a.id(), userId))).toList();
    }

    private Map<ActivityUser, CompletionStatus> fromDatabase(Set<ActivityUser> keys, Map<ActivityUser, ActivityInfo> byKey,
            long userId, boolean trackedUser) {
        List<ActivityInfo> wanted = keys.stream().map(byKey::get).toList();
        Map<Long, CompletionRow> rows = store.forUser(userId, wanted.stream().map(ActivityInfo::id).toList());
        Map<ActivityUser, CompletionRow> rowsByKey = new HashMap<>();
        rows.forEach((activityId, row) -> rowsByKey.put(new ActivityUser(activityId, userId), row));
        Map<ActivityUser, CompletionRules.Facts> facts = factsLoader.load(wanted, List.of(userId), rowsByKey);
        Map<ActivityUser, CompletionStatus> result = new HashMap<>();
        for (ActivityUser key : keys) {
            ActivityInfo activity = byKey.get(key);
            CompletionRow row = rowsByKey.getOrDefault(key, CompletionRow.empty(activity.id(), userId));
            result.put(key, CompletionStatus.of(activity, modules.require(activity.modName()), row, facts.get(key),
                    trackedUser));
        }
        return result;
    }
}
