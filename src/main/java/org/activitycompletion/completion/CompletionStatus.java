package org.activitycompletion.completion;

import java.time.Instant;
import java.util.List;

import org.activitycompletion.activity.Activity;
import org.activitycompletion.activity.CompletionSettings;

/**
 * One user's completion of one activity as read back to clients (Moodle's
 * get_activities_completion_status entry).
 *
 * @param tracking     the tracking in force: NONE when completion is off for the course
 * @param timeModified when the state last changed; null when no record exists
 */
public record CompletionStatus(
        Activity activity,
        long userId,
        CompletionTracking tracking,
        CompletionState state,
        Instant timeModified,
        Instant timeCompleted,
        boolean viewed,
        Long overriddenBy,
        boolean trackedUser,
        List<Condition> conditions) {

    /** One condition of an automatic activity (Moodle's completion details entry). */
    public record Condition(String rule, CompletionState status, String description) {
    }

    /**
     * Moodle's isoverallcomplete: a FAIL completes only where any grade completes (no custom
     * rules and no passing grade required).
     */
    public boolean overallComplete() {
        return overallComplete(activity.completionSettings(), tracking, state);
    }

    static boolean overallComplete(CompletionSettings settings, CompletionTracking tracking, CompletionState state) {
        return switch (tracking) {
            case NONE -> false;
            case MANUAL -> state == CompletionState.COMPLETE;
            case AUTOMATIC -> state == CompletionState.COMPLETE || state == CompletionState.COMPLETE_PASS
                    || (state == CompletionState.COMPLETE_FAIL && settings.customRules().isEmpty()
                            && !settings.requirePassGrade());
        };
    }
}
