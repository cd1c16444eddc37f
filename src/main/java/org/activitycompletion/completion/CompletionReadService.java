package org.activitycompletion.completion;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;

import org.activitycompletion.activity.Activity;
import org.activitycompletion.activity.ActivityService;
import org.activitycompletion.common.ApiException;
import org.activitycompletion.common.ErrorCode;
import org.activitycompletion.course.Course;
import org.activitycompletion.course.CourseRole;
import org.activitycompletion.course.CourseService;
import org.activitycompletion.course.Enrolment;
import org.activitycompletion.security.AccessPolicy;

/** Reads users' completion from stored state. */
@ApplicationScoped
@Transactional(Transactional.TxType.SUPPORTS)
public class CompletionReadService {

    @Inject
    AccessPolicy access;

    @Inject
    CourseService courses;

    @Inject
    ActivityService activities;

    /**
     * The user's completion of every activity with tracking that the caller can see, in course
     * order (Moodle's core_completion_get_activities_completion_status).
     */
    public List<CompletionStatus> statuses(long courseId, long userId) {
        Course course = courses.get(courseId);
        CourseRole role = requireReadable(courseId, userId);
        List<Activity> tracked = course.enableCompletion
                ? activities.visibleInCourse(courseId).stream()
                        .filter(a -> a.tracking != CompletionTracking.NONE)
                        .toList()
                : List.of();
        return statuses(course, tracked, userId, role);
    }

    /** The user's completion of one activity. */
    public CompletionStatus of(Activity activity, long userId) {
        Course course = courses.get(activity.courseId);
        CourseRole role = requireReadable(activity.courseId, userId);
        return statuses(course, List.of(activity), userId, role).get(0);
    }

    /**
     * Moodle's course progress percentage (4.4+): over the tracked activities the user can see,
     * the share that are overall complete, × 100. Null when completion is off for the course, the
     * user is not tracked (not a student) or no activity is tracked.
     */
    public Double progress(long courseId, long userId) {
        List<CompletionStatus> statuses = statuses(courseId, userId);
        if (statuses.isEmpty() || !statuses.get(0).trackedUser()) {
            return null;
        }
        long complete = statuses.stream().filter(CompletionStatus::overallComplete).count();
        return complete * 100.0 / statuses.size();
    }

    private CourseRole requireReadable(long courseId, long userId) {
        access.requireCanReadCompletion(courseId, userId);
        Enrolment enrolment = Enrolment.findFor(courseId, userId);
        if (enrolment == null) {
            throw new ApiException(ErrorCode.NOT_ENROLLED, "User " + userId + " is not enrolled in course " + courseId + ".");
        }
        return enrolment.role;
    }

    private List<CompletionStatus> statuses(Course course, List<Activity> list, long userId, CourseRole role) {
        Map<Long, CompletionRecord> records = records(list.stream().map(a -> a.id).toList(), userId);
        return list.stream().map(activity -> {
            CompletionTracking tracking = course.enableCompletion ? activity.tracking : CompletionTracking.NONE;
            CompletionRecord record = records.get(activity.id);
            return new CompletionStatus(activity, userId, tracking,
                    record == null ? CompletionState.INCOMPLETE : record.state,
                    record == null ? null : record.timeModified,
                    record == null ? null : record.timeCompleted,
                    record != null && record.viewed,
                    record == null ? null : record.overriddenBy,
                    role == CourseRole.STUDENT,
                    List.of());
        }).toList();
    }

    private static Map<Long, CompletionRecord> records(Collection<Long> activityIds, long userId) {
        if (activityIds.isEmpty()) {
            return Map.of();
        }
        return CompletionRecord.<CompletionRecord>list("userId = ?1 and activityId in ?2", userId, activityIds).stream()
                .collect(Collectors.toMap(r -> r.activityId, Function.identity()));
    }
}
