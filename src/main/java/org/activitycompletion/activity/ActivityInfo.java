package org.activitycompletion.activity;

import org.activitycompletion.completion.CompletionTracking;

/**
 * An immutable snapshot of an activity and its course's completion switch: what the
 * completion engine and the readers need, cheap to cache.
 */
public record ActivityInfo(
        long id,
        long courseId,
        String modName,
        long instance,
        String name,
        boolean visible,
        int sortOrder,
        CompletionSettings settings,
        int settingsVersion,
        boolean courseCompletionEnabled) {

    static ActivityInfo of(Activity activity, boolean courseCompletionEnabled) {
        return new ActivityInfo(activity.id, activity.courseId, activity.modName, activity.instance, activity.name,
                activity.visible, activity.sortOrder, activity.completionSettings(), activity.settingsVersion,
                courseCompletionEnabled);
    }

    /** The same activity with other settings (for a preview). */
    public ActivityInfo withSettings(CompletionSettings other) {
        return new ActivityInfo(id, courseId, modName, instance, name, visible, sortOrder, other, settingsVersion,
                courseCompletionEnabled);
    }

    /** The tracking in force (Moodle's is_enabled): NONE while the course has completion off. */
    public CompletionTracking tracking() {
        return courseCompletionEnabled ? settings.tracking() : CompletionTracking.NONE;
    }
}
