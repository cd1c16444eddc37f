package org.activitycompletion.graphql;

import java.time.Instant;
import java.util.List;
import java.util.Set;

import org.activitycompletion.activity.Activity;
import org.activitycompletion.activity.CompletionSettings;
import org.activitycompletion.completion.ActivityRules;
import org.activitycompletion.completion.CompletionState;
import org.activitycompletion.completion.CompletionStatus;
import org.activitycompletion.completion.CompletionTracking;
import org.activitycompletion.course.Course;
import org.activitycompletion.course.CourseRole;
import org.activitycompletion.course.EnrolledUser;
import org.activitycompletion.modules.ActivityModule;
import org.activitycompletion.user.AppUser;
import org.eclipse.microprofile.graphql.Id;
import org.eclipse.microprofile.graphql.Name;
import org.eclipse.microprofile.graphql.NonNull;

/** The GraphQL output types of the contract, built from the domain. */
public final class Types {

    private Types() {
    }

    @Name("User")
    public record UserType(@Id @NonNull String id, @NonNull String username, @NonNull String fullName,
            boolean siteAdmin) {
        static UserType of(AppUser user) {
            return new UserType(Ids.of(user.id), user.username, user.fullName, user.siteAdmin);
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
    public record CompletionSettingsType(@NonNull CompletionTracking tracking, boolean requireView, boolean requireGrade,
            boolean requirePassGrade, Double gradePass, Double gradeMax, Instant expectedBy,
            @NonNull List<@NonNull CustomRuleType> customRules, boolean locked) {
        static CompletionSettingsType of(ActivityModule module, CompletionSettings s, boolean locked) {
            List<CustomRuleType> rules = module.customRules().stream()
                    .filter(s.customRules()::containsKey)
                    .map(name -> new CustomRuleType(name, s.customRules().get(name)))
                    .toList();
            return new CompletionSettingsType(s.tracking(), s.requireView(), s.requireGrade(), s.requirePassGrade(),
                    s.gradePass(), s.gradeMax(), s.expectedBy(), rules, locked);
        }
    }

    @Name("Activity")
    public record ActivityType(@Id @NonNull String id, @Id @NonNull String courseId, @NonNull String modName,
            @Id @NonNull String instance, @NonNull String name, boolean visible,
            @NonNull CompletionSettingsType completionSettings, @NonNull List<@NonNull String> ruleDescriptions) {
        static ActivityType of(Activity activity, ActivityModule module, Set<Long> lockedIds) {
            CompletionSettings settings = activity.completionSettings();
            return new ActivityType(Ids.of(activity.id), Ids.of(activity.courseId), activity.modName,
                    Ids.of(activity.instance), activity.name, activity.visible,
                    CompletionSettingsType.of(module, settings, lockedIds.contains(activity.id)),
                    ActivityRules.descriptions(module, settings));
        }

        long activityId() {
            return Long.parseLong(id);
        }
    }

    @Name("CompletionCondition")
    public record ConditionType(@NonNull String rule, @NonNull CompletionState status, @NonNull String description) {
    }

    @Name("ActivityCompletion")
    public record ActivityCompletionType(@Id @NonNull String activityId, @Id @NonNull String userId,
            @NonNull String modName, @Id @NonNull String instance, @NonNull CompletionState state, Instant completedAt,
            @NonNull CompletionTracking tracking, boolean viewed, @Id String overriddenBy,
            @Name("isAutomatic") boolean isAutomatic, @Name("isTrackedUser") boolean isTrackedUser,
            @Name("isOverallComplete") boolean isOverallComplete,
            @NonNull List<@NonNull ConditionType> conditions) {
        static ActivityCompletionType of(CompletionStatus status) {
            Activity activity = status.activity();
            return new ActivityCompletionType(Ids.of(activity.id), Ids.of(status.userId()), activity.modName,
                    Ids.of(activity.instance), status.state(),
                    status.state().isComplete() ? status.timeCompleted() : null,
                    status.tracking(), status.viewed(), Ids.of(status.overriddenBy()),
                    status.tracking() == CompletionTracking.AUTOMATIC, status.trackedUser(), status.overallComplete(),
                    status.conditions().stream()
                            .map(c -> new ConditionType(c.rule(), c.status(), c.description()))
                            .toList());
        }
    }

    @Name("Warning")
    public record WarningType(String item, @Id String itemId, @NonNull String warningCode, @NonNull String message) {
    }

    @Name("ActivitiesCompletionStatus")
    public record ActivitiesCompletionStatusType(@NonNull List<@NonNull ActivityCompletionType> statuses,
            @NonNull List<@NonNull WarningType> warnings) {
    }
}
