package org.activitycompletion.graphql;

import java.time.Instant;
import java.util.AbstractList;
import java.util.List;
import java.util.function.Supplier;

import org.activitycompletion.activity.ActivityInfo;
import org.activitycompletion.activity.ActivityService.SettingsPreview;
import org.activitycompletion.activity.CompletionSettings;
import org.activitycompletion.completion.ActivityRules;
import org.activitycompletion.completion.CompletionService.Change;
import org.activitycompletion.completion.CompletionState;
import org.activitycompletion.completion.CompletionStatus;
import org.activitycompletion.completion.CompletionTracking;
import org.activitycompletion.course.Course;
import org.activitycompletion.course.CourseRole;
import org.activitycompletion.course.EnrolledUser;
import org.activitycompletion.modules.ActivityModule;
import org.activitycompletion.modules.forum.ForumPost;
import org.activitycompletion.user.UserInfo;
import org.eclipse.microprofile.graphql.Id;
import org.eclipse.microprofile.graphql.Ignore;
import org.eclipse.microprofile.graphql.Name;
import org.eclipse.microprofile.graphql.NonNull;

/** The GraphQL output types of the contract, built from the domain. */
public final class Types {

    private Types() {
    }

    @Name("User")
    public record UserType(@Id @NonNull String id, @NonNull String username, @NonNull String fullName,
            boolean siteAdmin) {
        static UserType of(UserInfo user) {
            return new UserType(Ids.of(user.id()), user.username(), user.fullName(), user.siteAdmin());
        }
    }

    @Name("Enrolment")
    public record EnrolmentType(@NonNull UserType user, @NonNull CourseRole role) {
        static EnrolmentType of(EnrolledUser enrolled) {
            return new EnrolmentType(UserType.of(enrolled.user()), enrolled.role());
        }
    }

    @Name("Course")
    public record CourseType(@Id @NonNull String id, @NonNull String shortName, @NonNull String fullName,
            boolean enableCompletion) {
        static CourseType of(Course course) {
            return new CourseType(Ids.of(course.id), course.shortName, course.fullName, course.enableCompletion);
        }

        long courseId() {
            return Long.parseLong(id);
        }
    }

    @Name("CustomRule")
    public record CustomRuleType(@NonNull String name, int value) {
    }

    @Name("CompletionSettings")
    public record CompletionSettingsType(@Ignore long activityId, @NonNull CompletionTracking tracking,
            boolean requireView, boolean requireGrade, boolean requirePassGrade, Double gradePass, Double gradeMax,
            Instant expectedBy, @NonNull List<@NonNull CustomRuleType> customRules) {
        static CompletionSettingsType of(long activityId, ActivityModule module, CompletionSettings s) {
            List<CustomRuleType> rules = module.customRules().stream()
                    .filter(s.customRules()::containsKey)
                    .map(name -> new CustomRuleType(name, s.customRules().get(name)))
                    .toList();
            return new CompletionSettingsType(activityId, s.tracking(), s.requireView(), s.requireGrade(),
                    s.requirePassGrade(), s.gradePass(), s.gradeMax(), s.expectedBy(), rules);
        }
    }

    @Name("Activity")
    public record ActivityType(@Id @NonNull String id, @Id @NonNull String courseId, @NonNull String modName,
            @Id @NonNull String instance, @NonNull String name, boolean visible,
            @NonNull CompletionSettingsType completionSettings, @NonNull List<@NonNull String> ruleDescriptions) {
        static ActivityType of(ActivityInfo activity, ActivityModule module) {
            CompletionSettings settings = activity.settings();
            return new ActivityType(Ids.of(activity.id()), Ids.of(activity.courseId()), activity.modName(),
                    Ids.of(activity.instance()), activity.name(), activity.visible(),
                    CompletionSettingsType.of(activity.id(), module, settings),
                    ActivityRules.descriptions(module, settings));
        }

        long activityId() {
            return Long.parseLong(id);
        }
    }

    @Name("CompletionCondition")
    public record ConditionType(@NonNull String rule, @NonNull CompletionState status, @NonNull String description) {
    }

    /**
     * A user's completion of an activity: a view of the service's {@link CompletionStatus} whose
     * fields are worked out only when a query selects them (a report page has thousands).
     */
    @Name("ActivityCompletion")
    public static final class ActivityCompletionType {
        private final CompletionStatus status;

        private ActivityCompletionType(CompletionStatus status) {
            this.status = status;
        }

        static ActivityCompletionType of(CompletionStatus status) {
            return new ActivityCompletionType(status);
        }

        /**
         * The statuses in order, each seen through a view made when it is read: no list of views is
         * made and filled ahead for each of a report page's rows.
         */
        static List<ActivityCompletionType> all(List<CompletionStatus> statuses) {
            return new AbstractList<>() {
                @Override
                public ActivityCompletionType get(int index) {
                    return new ActivityCompletionType(statuses.get(index));
                }

                @Override
                public int size() {
                    return statuses.size();
                }
            };
        }

        public @Id @NonNull String getActivityId() {
            return Ids.of(status.activity().id());
        }

        public @Id @NonNull String getUserId() {
            return Ids.of(status.userId());
        }

        public @NonNull String getModName() {
            return status.activity().modName();
        }

        public @Id @NonNull String getInstance() {
            return Ids.of(status.activity().instance());
        }

        public @NonNull CompletionState getState() {
            return status.state();
        }

        public Instant getCompletedAt() {
            return status.completedAt();
        }

        public @NonNull CompletionTracking getTracking() {
            return status.tracking();
        }

        public boolean isViewed() {
            return status.viewed();
        }

        public @Id String getOverriddenBy() {
            return Ids.of(status.overriddenBy());
        }

        @Name("isAutomatic")
        public boolean isAutomatic() {
            return status.tracking() == CompletionTracking.AUTOMATIC;
        }

        @Name("isTrackedUser")
        public boolean isTrackedUser() {
            return status.trackedUser();
        }

        @Name("isOverallComplete")
        public boolean isOverallComplete() {
            return status.overallComplete();
        }

        public @NonNull List<@NonNull ConditionType> getConditions() {
            return status.conditions().stream().map(c -> new ConditionType(c.rule(), c.status(), c.description()))
                    .toList();
        }
    }

    @Name("Warning")
    public record WarningType(String item, @Id String itemId, @NonNull String warningCode, @NonNull String message) {
    }

    @Name("ActivitiesCompletionStatus")
    public record ActivitiesCompletionStatusType(@NonNull List<@NonNull ActivityCompletionType> statuses,
            @NonNull List<@NonNull WarningType> warnings) {
    }

    @Name("ForumPost")
    public record ForumPostType(@Id @NonNull String id, @Id @NonNull String activityId, @Id @NonNull String discussionId,
            @Id String parentId, @Id @NonNull String userId, String subject, @NonNull String message,
            @NonNull Instant createdAt) {
        static ForumPostType of(ForumPost post) {
            return new ForumPostType(Ids.of(post.id), Ids.of(post.activityId), Ids.of(post.discussionId),
                    Ids.of(post.parentId), Ids.of(post.userId), post.subject, post.message, post.createdAt);
        }
    }

    @Name("CompletionChange")
    public record CompletionChangeType(@Id @NonNull String activityId, @Id @NonNull String userId,
            @NonNull CompletionState oldState, @NonNull CompletionState newState, @NonNull String cause, @Id String actorId,
            @NonNull Instant changedAt) {
        static CompletionChangeType of(Change change) {
            return new CompletionChangeType(Ids.of(change.activityId()), Ids.of(change.userId()), change.oldState(),
                    change.newState(), change.cause(), Ids.of(change.actorId()), change.changedAt());
        }
    }

    @Name("CompletionSettingsPreview")
    public record SettingsPreviewType(boolean locked, int usersRecalculated, int completeToIncomplete,
            int incompleteToComplete, int stateChanges) {
        static SettingsPreviewType of(SettingsPreview p) {
            return new SettingsPreviewType(p.locked(), p.usersRecalculated(), (int) p.completeToIncomplete(),
                    (int) p.incompleteToComplete(), (int) p.stateChanges());
        }
    }

    @Name("CompletionReportRow")
    public record ReportRowType(@NonNull UserType user, Double progress,
            @NonNull List<@NonNull ActivityCompletionType> completions) {
    }

    /** A report page; its activities are made only when a query selects them. */
    @Name("CompletionReport")
    public static final class ReportType {
        private final Supplier<List<ActivityType>> activityTypes;
        private final List<ReportRowType> rows;
        private final String endCursor;
        private final boolean hasNextPage;

        ReportType(Supplier<List<ActivityType>> activities, List<ReportRowType> rows, String endCursor, boolean hasNextPage) {
            this.activityTypes = activities;
            this.rows = rows;
            this.endCursor = endCursor;
            this.hasNextPage = hasNextPage;
        }

        public @NonNull List<@NonNull ActivityType> getActivities() {
            return activityTypes.get();
        }

        public @NonNull List<@NonNull ReportRowType> getRows() {
            return rows;
        }

        public String getEndCursor() {
            return endCursor;
        }

        public boolean isHasNextPage() {
            return hasNextPage;
        }
    }
}
