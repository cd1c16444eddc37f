package org.activitycompletion.completion;

/** Moodle's completion states, in Moodle's numbering (0..3). */
public enum CompletionState {
    INCOMPLETE,
    COMPLETE,
    COMPLETE_PASS,
    COMPLETE_FAIL;

    public int moodleValue() {
        return ordinal();
    }

    public static CompletionState fromMoodleValue(int value) {
        return values()[value];
    }

    public boolean isComplete() {
        return this != INCOMPLETE;
    }
}
