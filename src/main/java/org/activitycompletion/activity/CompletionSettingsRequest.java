package org.activitycompletion.activity;

import java.time.Instant;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.activitycompletion.common.ApiException;
import org.activitycompletion.completion.CompletionTracking;
import org.activitycompletion.modules.ActivityModule;

/**
 * Completion settings as a client sends them, before they are checked against the module.
 * {@link #validate} applies Moodle's form rules and returns the settings to store.
 */
public record CompletionSettingsRequest(
        CompletionTracking tracking,
        boolean requireView,
        boolean requireGrade,
        boolean requirePassGrade,
        Double gradePass,
        Double gradeMax,
        Instant expectedBy,
        List<RuleSetting> customRules) {

    /** Largest grade a graded activity may have. */
    public static final double MAX_GRADE = 100_000;
    /** Largest count a custom rule may ask for. */
    public static final int MAX_RULE_VALUE = 10_000;

    public record RuleSetting(String name, int value) {
    }

    /** The settings to store; INVALID_ARGUMENT when the module cannot honour them. */
    public CompletionSettings validate(ActivityModule module) {
        if (tracking == null) {
            throw ApiException.invalid("Completion tracking is required.");
        }
        String mod = "Module '" + module.name() + "'";
        Map<String, Integer> rules = validRules(module);
        boolean automatic = tracking == CompletionTracking.AUTOMATIC;
        if (!automatic && (requireView || requireGrade || requirePassGrade || !rules.isEmpty())) {
            throw ApiException.invalid("Completion conditions apply only to AUTOMATIC tracking.");
        }
        if (requireView && !module.tracksViews()) {
            throw ApiException.invalid(mod + " cannot require a view.");
        }
        Double max = null;
        if (module.hasGrade()) {
            max = gradeMax == null ? 100.0 : gradeMax;
            if (!Double.isFinite(max) || max <= 0 || max > MAX_GRADE) {
                throw ApiException.invalid("gradeMax must be greater than 0 and at most " + (long) MAX_GRADE + ".");
            }
            if (gradePass != null && (!Double.isFinite(gradePass) || gradePass < 0 || gradePass > max)) {
                throw ApiException.invalid("gradePass must be between 0 and gradeMax.");
            }
        } else if (requireGrade || requirePassGrade || gradePass != null) {
            throw ApiException.invalid(mod + " has no grade.");
        }
        if (requirePassGrade && !requireGrade) {
            throw ApiException.invalid("requirePassGrade needs requireGrade.");
        }
        if (requirePassGrade && (gradePass == null || gradePass <= 0.000009)) {
            throw ApiException.invalid("requirePassGrade needs a gradePass greater than 0.");
        }
        if (automatic && !requireView && !requireGrade && rules.isEmpty()) {
            throw ApiException.invalid("AUTOMATIC tracking needs at least one condition.");
        }
        return new CompletionSettings(tracking, requireView, requireGrade, requirePassGrade,
                module.hasGrade() ? gradePass : null, max, expectedBy, rules);
    }

    /** Enabled rules by name; a value of 0 means off, as in Moodle. */
    private Map<String, Integer> validRules(ActivityModule module) {
        Map<String, Integer> rules = new LinkedHashMap<>();
        Set<String> seen = new HashSet<>();
        for (RuleSetting rule : customRules == null ? List.<RuleSetting>of() : customRules) {
            if (rule == null || !module.customRules().contains(rule.name())) {
                String known = module.customRules().isEmpty() ? "none" : String.join(", ", module.customRules());
                throw ApiException.invalid("Module '" + module.name() + "' has no completion rule '"
                        + (rule == null ? null : rule.name()) + "'. Its rules: " + known + ".");
            }
            if (rule.value() < 0 || rule.value() > MAX_RULE_VALUE) {
                throw ApiException.invalid("Rule " + rule.name() + " must be between 0 and " + MAX_RULE_VALUE + ".");
            }
            if (!seen.add(rule.name())) {
                throw ApiException.invalid("Rule " + rule.name() + " is given twice.");
            }
            if (rule.value() > 0) {
                rules.put(rule.name(), rule.value());
            }
        }
        return rules;
    }
}
