package org.activitycompletion.completion;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
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
import org.activitycompletion.course.EnrolledUser;
import org.activitycompletion.course.EnrolmentDirectory;
import org.activitycompletion.modules.ModuleRegistry;
import org.activitycompletion.security.AccessPolicy;
import org.activitycompletion.security.Capability;
import org.activitycompletion.user.UserInfo;

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
        access.requireCourse(courseId);
        CourseRole role = requireReadable(courseId, userId);
        List<ActivityInfo> tracked = activities.visibleInCourse(courseId).stream()
                .filter(a -> a.tracking() != CompletionTracking.NONE)
                .toList();
        return lines(courseId, tracked, Map.of(userId, role == CourseRole.STUDENT)).get(0);
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

    /** One page of the teachers' report: tracked users (by id) × tracked activities. */
    public record Report(List<ActivityInfo> activities, List<ReportRow> rows, String endCursor, boolean hasNextPage) {
    }

    /** A user's line of the report. */
    public record ReportRow(UserInfo user, Double progress, List<CompletionStatus> completions) {
    }

    public static final int MAX_PAGE = 500;

    /**
     * The course's tracked users (students, by id, after the cursor) with their completion of
     * every tracked activity the caller can see; teachers only. A page costs a fixed number of
     * statements whatever its size.
     */
    public Report report(long courseId, int first, String after) {
        access.requireInCourse(Capability.VIEW_OTHERS_COMPLETION, courseId);
        if (first < 1 || first > MAX_PAGE) {
            throw ApiException.invalid("first must be between 1 and " + MAX_PAGE + ".");
        }
        long afterUser = Cursors.decode(after);
        List<ActivityInfo> tracked = activities.visibleInCourse(courseId).stream()
                .filter(a -> a.tracking() != CompletionTracking.NONE)
                .toList();
        List<UserInfo> page = students(enrolments.roster(courseId), afterUser, first + 1);
        boolean hasNext = page.size() > first;
        List<UserInfo> users = hasNext ? page.subList(0, first) : page;
        Map<Long, Boolean> trackedUsers = new LinkedHashMap<>();
        users.forEach(u -> trackedUsers.put(u.id(), true));
        List<List<CompletionStatus>> lines = lines(courseId, tracked, trackedUsers);
        List<ReportRow> rows = new ArrayList<>(users.size());
        for (int i = 0; i < users.size(); i++) {
            rows.add(new ReportRow(users.get(i), progress(lines.get(i)), lines.get(i)));
        }
        String endCursor = users.isEmpty() ? null : Cursors.encode(users.get(users.size() - 1).id());
        return new Report(tracked, rows, endCursor, hasNext);
    }

    /** Up to {@code limit} of the roster's students (the roster is by user id) after the user id. */
    private static List<UserInfo> students(List<EnrolledUser> roster, long afterUser, int limit) {
        int low = 0;
        int high = roster.size();
        while (low < high) { // the first entry whose user id is above afterUser
            int middle = (low + high) >>> 1;
            if (roster.get(middle).user().id() <= afterUser) {
                low = middle + 1;
            } else {
                high = middle;
            }
        }
        List<UserInfo> students = new ArrayList<>(Math.min(limit, roster.size() - low));
        for (int i = low; i < roster.size() && students.size() < limit; i++) {
            if (roster.get(i).role() == CourseRole.STUDENT) {
                students.add(roster.get(i).user());
            }
        }
        return students;
    }

    private CourseRole requireReadable(long courseId, long userId) {
        access.requireCanReadCompletion(courseId, userId);
        return enrolments.role(courseId, userId)
                .orElseThrow(() -> LearnerResolver.notEnrolled(userId, courseId));
    }

    /** Moodle's progress over a user's line: the share of the visible activities overall complete, × 100. */
    private static Double progress(List<CompletionStatus> line) {
        int counted = 0;
        int complete = 0;
        for (CompletionStatus status : line) {
            if (status.activity().visible()) {
                counted++;
                complete += status.overallComplete() ? 1 : 0;
            }
        }
        return counted == 0 ? null : complete * 100.0 / counted;
    }

    /** Like {@link #loadAll}, a line of one course per user (in order), through the cached rows. */
    private List<List<CompletionStatus>> lines(long courseId, List<ActivityInfo> list, Map<Long, Boolean> users) {
        return cache.lines(courseId, list, new ArrayList<>(users.keySet()), missing -> fromDatabase(missing, list, users));
    }

    private List<CompletionStatus> load(List<ActivityInfo> list, long userId, boolean trackedUser) {
        return loadAll(list, Map.of(userId, trackedUser));
    }

    /**
     * Statuses of every pair of the activities and users (user → tracked, in order), user by
     * user in the activities' order; cached ones first.
     */
    private List<CompletionStatus> loadAll(List<ActivityInfo> list, Map<Long, Boolean> users) {
        List<ActivityUser> keys = new ArrayList<>(list.size() * users.size());
        for (Long user : users.keySet()) {
            for (ActivityInfo activity : list) {
                keys.add(new ActivityUser(activity.id(), user));
            }
        }
        return cache.getAll(keys, missing -> fromDatabase(missing, list, users));
    }

    /** Missing statuses: records and grades in one statement, module rule states in one per module. */
    private Map<ActivityUser, CompletionStatus> fromDatabase(Set<ActivityUser> keys, List<ActivityInfo> list,
            Map<Long, Boolean> users) {
        Map<Long, ActivityInfo> byId = new HashMap<>();
        list.forEach(a -> byId.put(a.id(), a));
        List<ActivityInfo> wanted = keys.stream().map(k -> byId.get(k.activityId())).distinct().toList();
        Set<Long> userIds = keys.stream().map(ActivityUser::userId).collect(java.util.stream.Collectors.toSet());
        CompletionStore.Stored stored = store.forPairs(wanted.stream().map(ActivityInfo::id).toList(), userIds);
        Map<ActivityUser, CompletionRules.Facts> facts = factsLoader.load(wanted, userIds, stored.rows(), stored.grades());
        Map<ActivityUser, CompletionStatus> result = new HashMap<>();
        for (ActivityUser key : keys) {
            ActivityInfo activity = byId.get(key.activityId());
            CompletionRow row = stored.rows().getOrDefault(key, CompletionRow.empty(activity.id(), key.userId()));
            result.put(key, CompletionStatus.of(activity, modules.require(activity.modName()), row, facts.get(key),
                    users.get(key.userId())));
        }
        return result;
    }
}
