package org.activitycompletion.graphql;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import jakarta.inject.Inject;

import io.smallrye.mutiny.Uni;

import org.activitycompletion.activity.ActivityService;
import org.activitycompletion.completion.CompletionReadService;
import org.activitycompletion.completion.CompletionService;
import org.activitycompletion.graphql.Types.CompletionChangeType;
import org.activitycompletion.graphql.Types.CompletionSettingsType;
import org.activitycompletion.graphql.Types.ReportRowType;
import org.activitycompletion.graphql.Types.ReportType;
import org.activitycompletion.graphql.Types.SettingsPreviewType;
import org.activitycompletion.security.AccessPolicy;
import org.activitycompletion.course.CourseService;
import org.activitycompletion.graphql.Types.ActivitiesCompletionStatusType;
import org.activitycompletion.graphql.Types.ActivityCompletionType;
import org.activitycompletion.graphql.Types.ActivityType;
import org.activitycompletion.graphql.Types.CourseType;
import org.activitycompletion.graphql.Types.EnrolmentType;
import org.activitycompletion.graphql.Types.UserType;
import org.activitycompletion.user.UserInfo;
import org.activitycompletion.user.UserService;
import org.activitycompletion.graphql.fastpath.CacheFirst;
import org.eclipse.microprofile.graphql.DefaultValue;
import org.eclipse.microprofile.graphql.Description;
import org.eclipse.microprofile.graphql.GraphQLApi;
import org.eclipse.microprofile.graphql.Id;
import org.eclipse.microprofile.graphql.Name;
import org.eclipse.microprofile.graphql.NonNull;
import org.eclipse.microprofile.graphql.Query;
import org.eclipse.microprofile.graphql.Source;

/** The contract's queries and the fields resolved per object. */
@GraphQLApi
public class QueryApi {

    @Inject
    UserService users;

    @Inject
    CourseService courses;

    @Inject
    ActivityService activities;

    @Inject
    CompletionReadService completion;

    @Inject
    CompletionService completionService;

    @Inject
    AccessPolicy access;

    @Inject
    Mappers mappers;

    @Inject
    CacheFirst cacheFirst;

    @Query
    @Description("The caller.")
    public @NonNull UserType me() {
        return UserType.of(UserInfo.of(users.me()));
    }

    @Query
    @Description("A course the caller can see; NOT_FOUND when absent or not visible.")
    public CourseType course(@NonNull @Id String id) {
        return CourseType.of(courses.get(Ids.parse(id, "id")));
    }

    @Query
    @Description("The caller's courses (all for a site admin).")
    public @NonNull List<@NonNull CourseType> courses() {
        return courses.mine().stream().map(CourseType::of).toList();
    }

    @Query
    @Description("An activity by course module id (Moodle cmid); NOT_FOUND when absent or hidden from the caller.")
    public ActivityType activity(@NonNull @Id String id) {
        return mappers.activity(activities.get(Ids.parse(id, "id")));
    }

    @Query
    @Description("Moodle's core_completion_get_activities_completion_status: the user's completion of every tracked "
            + "activity the caller can see, in course order.")
    public @NonNull Uni<ActivitiesCompletionStatusType> activitiesCompletionStatus(@NonNull @Id String courseId,
            @NonNull @Id String userId) {
        long course = Ids.parse(courseId, "courseId");
        long user = Ids.parse(userId, "userId");
        return cacheFirst.run(() -> new ActivitiesCompletionStatusType(
                ActivityCompletionType.all(completion.statuses(course, user)), List.of()));
    }

    @Query
    @Description("Teachers' report: tracked users (students) × tracked activities, a page of users at a time "
            + "(first: 1..500; after: the endCursor of the previous page).")
    public @NonNull Uni<ReportType> courseCompletionReport(@NonNull @Id String courseId, @DefaultValue("50") int first,
            String after) {
        long course = Ids.parse(courseId, "courseId");
        return cacheFirst.run(() -> {
            CompletionReadService.Report report = completion.report(course, first, after);
            return new ReportType(() -> mappers.activities(report.activities()), report.rows().stream()
                    .map(r -> new ReportRowType(UserType.of(r.user()), r.progress(),
                            ActivityCompletionType.all(r.completions())))
                    .toList(), report.endCursor(), report.hasNextPage());
        });
    }

    @Description("The course's activities in course order.")
    public @NonNull List<@NonNull ActivityType> activities(@Source CourseType course) {
        return mappers.activities(activities.visibleInCourse(course.courseId()));
    }

    @Description("True once any user has completion data: settings changes then need unlock. Resolved for a list at once.")
    public @NonNull List<@NonNull Boolean> locked(@Source List<CompletionSettingsType> settings) {
        Set<Long> locked = activities.locked(settings.stream().map(CompletionSettingsType::activityId).toList());
        return settings.stream().map(s -> locked.contains(s.activityId())).toList();
    }

    @Description("Who is enrolled, with their roles; teachers and up only.")
    public @NonNull List<@NonNull EnrolmentType> enrolments(@Source CourseType course) {
        return courses.enrolments(course.courseId()).stream().map(EnrolmentType::of).toList();
    }

    @Description("Moodle's course progress, 0..100; null when nothing is tracked for the user. Defaults to the caller.")
    public Double progress(@Source CourseType course, @Id String userId) {
        Long user = Ids.parseOptional(userId, "userId");
        return completion.progress(course.courseId(), user == null ? access.userId() : user);
    }

    @Description("The user's completion of this activity; defaults to the caller. Resolved for a whole list at once.")
    public @NonNull List<@NonNull ActivityCompletionType> completion(@Source List<ActivityType> activities,
            @Name("userId") @Id String userId) {
        Long user = Ids.parseOptional(userId, "userId");
        Map<Long, Long> activityCourses = new LinkedHashMap<>();
        activities.forEach(a -> activityCourses.put(a.activityId(), Long.parseLong(a.courseId())));
        return ActivityCompletionType.all(completion.of(activityCourses, user == null ? access.userId() : user));
    }

    @Query
    @Description("Teachers: every change of a user's completion state in an activity, oldest first, with its cause.")
    public @NonNull List<@NonNull CompletionChangeType> completionHistory(@NonNull @Id String activityId,
            @NonNull @Id String userId) {
        return completionService.history(Ids.parse(activityId, "activityId"), Ids.parse(userId, "userId")).stream()
                .map(CompletionChangeType::of).toList();
    }

    @Query
    @Description("Editing teachers and managers: what updateCompletionSettings with unlock would do to users' "
            + "completion, without changing anything.")
    public @NonNull SettingsPreviewType previewCompletionSettings(@NonNull @Id String activityId,
            @NonNull CompletionSettingsInput completion) {
        return SettingsPreviewType.of(activities.previewCompletionSettings(Ids.parse(activityId, "activityId"),
                completion.toRequest()));
    }
}
