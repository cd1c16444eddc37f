package org.activitycompletion.completion;

import java.time.Instant;

/**
 * A stored completion record (Moodle's course_modules_completion with the viewed flag).
 * A missing row reads as {@link #empty}: INCOMPLETE, not viewed, never changed.
 *
 * @param timeModified when the state last changed; null if it never has
 */
public record CompletionRow(long activityId, long userId, CompletionState state, boolean viewed, Long overriddenBy,
        Instant timeModified) {

    public static CompletionRow empty(long activityId, long userId) {
        return new CompletionRow(activityId, userId, CompletionState.INCOMPLETE, false, null, null);
    }

    public CompletionRules.Current current() {
        return new CompletionRules.Current(state, overriddenBy);
    }
}
