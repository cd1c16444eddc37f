package org.activitycompletion.completion;

import java.util.ArrayList;
import java.util.List;

import org.activitycompletion.activity.CompletionSettings;
import org.activitycompletion.modules.ActivityModule;

/**
 * The active completion rules of an activity, in Moodle's display order: view, grade, pass
 * grade, then the module's custom rules (cm_completion_details). Pure.
 */
public final class ActivityRules {

    public static final String VIEW = "completionview";
    public static final String GRADE = "completionusegrade";
    public static final String PASS_GRADE = "completionpassgrade";

    private ActivityRules() {
    }

    /** A rule and how people read it. */
    public record Rule(String name, String description) {
    }

    /** The automatic conditions in force; none for MANUAL or NONE tracking. */
    public static List<Rule> conditions(ActivityModule module, CompletionSettings settings) {
        List<Rule> rules = new ArrayList<>();
        if (!settings.isAutomatic()) {
            return rules;
        }
        if (settings.requireView()) {
            rules.add(new Rule(VIEW, "View"));
        }
        if (settings.requireGrade()) {
            rules.add(new Rule(GRADE, "Receive a grade"));
        }
        if (settings.requirePassGrade()) {
            rules.add(new Rule(PASS_GRADE, "Receive a passing grade"));
        }
        for (String name : module.customRules()) {
            Integer value = settings.customRules().get(name);
            if (value != null && value > 0) {
                rules.add(new Rule(name, module.describeRule(name, value)));
            }
        }
        return rules;
    }

    /** What a person must do: the conditions, or "Mark as done" for a manual activity. */
    public static List<String> descriptions(ActivityModule module, CompletionSettings settings) {
        return switch (settings.tracking()) {
            case NONE -> List.of();
            case MANUAL -> List.of("Mark as done");
            case AUTOMATIC -> conditions(module, settings).stream().map(Rule::description).toList();
        };
    }
}
