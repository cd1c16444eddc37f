package org.activitycompletion.completion;

import java.time.Instant;
import java.util.List;

import org.activitycompletion.activity.ActivityInfo;
import org.activitycompletion.completion.CompletionRules.ConditionState;
import org.activitycompletion.completion.CompletionRules.Facts;
import org.activitycompletion.modules.ActivityModule;

/**
 * One user's completion of one activity as clients read it (Moodle's
 * get_activities_completion_status entry with cm_completion_details). Immutable, so it can be
 * cached and shared.
 *
 * @param timeModified when the state last changed; null if it never has
 * @param trackedUser  the user is a student of the course (is_tracked_user)
 * @param conditions   per-condition details of an AUTOMATIC activity; none otherwise
 */
public record CompletionStatus(
        ActivityInfo activity,
        long userId,
        CompletionState state,
        boolean viewed,
        Long overriddenBy,
        Instant timeModified,
        boolean trackedUser,
        List<Condition> conditions) {

    /** One condition's state and description. */
    public record Condition(String rule, CompletionState status, String description) {
    }

    public static CompletionStatus of(ActivityInfo activity, ActivityModule module, CompletionRow row, Facts facts,
            boolean trackedUser) {
        List<Condition> conditions = List.of();
        if (activity.tracking() == CompletionTracking.AUTOMATIC) {
            List<ConditionState> states = CompletionRules.conditionStates(
                    ActivityRules.conditions(module, activity.settings()), activity.settings(), facts);
            conditions = CompletionRules.details(states, row.current()).stream()
                    .map(c -> new Condition(c.rule().name(), c.state(), c.rule().description()))
                    .toList();
        }
        return new CompletionStatus(activity, row.userId(), row.state(), row.viewed(), row.overriddenBy(),
                row.timeModified(), trackedUser, conditions);
    }

    public ActivityUser key() {
        return new ActivityUser(activity.id(), userId);
    }

    public CompletionTracking tracking() {
        return activity.tracking();
    }

    /** When the activity was completed: the time of the last change, while the state is complete. */
    public Instant completedAt() {
        return state.isComplete() ? timeModified : null;
    }

    public boolean overallComplete() {
        return CompletionRules.isOverallComplete(activity.settings(), tracking(), state);
    }
}
