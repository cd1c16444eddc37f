package org.activitycompletion.activity;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;

import org.activitycompletion.completion.CompletionTracking;

/**
 * An activity's completion settings (Moodle: completion, completionview,
 * completiongradeitemnumber, completionpassgrade, gradepass, completionexpected and the
 * module's custom rules). Plain data: the completion engine reads it without a framework.
 *
 * @param customRules enabled module rules by name, values ≥ 1
 */
public record CompletionSettings(
        CompletionTracking tracking,
        boolean requireView,
        boolean requireGrade,
        boolean requirePassGrade,
        Double gradePass,
        Double gradeMax,
        Instant expectedBy,
        Map<String, Integer> customRules) {

    public CompletionSettings {
        customRules = Map.copyOf(customRules);
    }

    public boolean isAutomatic() {
        return tracking == CompletionTracking.AUTOMATIC;
    }

    /** True when a pass mark counts (Moodle: gradepass > 0.000009). */
    public boolean hasPassGrade() {
        return gradePass != null && gradePass > 0.000009;
    }

    /**
     * Whether switching from {@code this} to {@code other} changes how completion is decided.
     * The expected date is display-only and may change while completion is locked.
     */
    public boolean sameRulesAs(CompletionSettings other) {
        return tracking == other.tracking
                && requireView == other.requireView
                && requireGrade == other.requireGrade
                && requirePassGrade == other.requirePassGrade
                && Objects.equals(gradePass, other.gradePass)
                && Objects.equals(gradeMax, other.gradeMax)
                && customRules.equals(other.customRules);
    }
}
