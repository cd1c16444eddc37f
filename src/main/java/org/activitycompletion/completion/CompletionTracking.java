package org.activitycompletion.completion;

/** Moodle's course_modules.completion: 0 none, 1 manual, 2 automatic. */
public enum CompletionTracking {
    NONE,
    MANUAL,
    AUTOMATIC;

    public int moodleValue() {
        return ordinal();
    }
}
