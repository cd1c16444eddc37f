package org.activitycompletion.completion;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

import org.activitycompletion.activity.CompletionSettings;
import org.activitycompletion.completion.ActivityRules.Rule;

import static org.activitycompletion.completion.CompletionState.COMPLETE;
import static org.activitycompletion.completion.CompletionState.COMPLETE_FAIL;
import static org.activitycompletion.completion.CompletionState.COMPLETE_PASS;
import static org.activitycompletion.completion.CompletionState.INCOMPLETE;

/**
 * Moodle's completion decision as pure functions (lib/completionlib.php: internal_get_state,
 * update_state, cm_completion_details). No framework, no database: settings and facts in,
 * states out, so every adapter gets the same answer and every case can be tested.
 */
public final class CompletionRules {

    private CompletionRules() {
    }

    /**
     * What is known about one user in one activity.
     *
     * @param viewed     the user viewed the activity (recorded only while the view condition is on)
     * @param grade      the user's grade, or null when not graded
     * @param ruleStates for each enabled custom rule, whether it holds
     */
    public record Facts(boolean viewed, Double grade, Map<String, Boolean> ruleStates) {
        public Facts {
            ruleStates = Map.copyOf(ruleStates);
        }
    }

    /** The stored record: state and who overrode it, if anyone. */
    public record Current(CompletionState state, Long overriddenBy) {
        public static final Current NONE = new Current(INCOMPLETE, null);
    }

    /** The outcome of an event: the state to store and who overrode it, or no change. */
    public record Decision(boolean changed, CompletionState state, Long overriddenBy) {
        static Decision unchanged(Current current) {
            return new Decision(false, current.state(), current.overriddenBy());
        }
    }

    /**
     * The grade condition's state (grade_state with returnpassfail off): INCOMPLETE without a
     * grade; with a pass mark PASS when grade ≥ pass mark (equality passes) else FAIL; COMPLETE
     * when there is no pass mark.
     */
    public static CompletionState gradeState(CompletionSettings settings, Double grade) {
        if (grade == null) {
            return INCOMPLETE;
        }
        if (!settings.hasPassGrade()) {
            return COMPLETE;
        }
        return grade >= settings.gradePass() ? COMPLETE_PASS : COMPLETE_FAIL;
    }

    /** The conditions' own states, in Moodle's detail order, before any override is applied. */
    public static List<ConditionState> conditionStates(List<Rule> rules, CompletionSettings settings, Facts facts) {
        CompletionState grade = gradeState(settings, facts.grade());
        List<ConditionState> states = new ArrayList<>(rules.size());
        for (Rule rule : rules) {
            CompletionState state = switch (rule.name()) {
                case ActivityRules.VIEW -> facts.viewed() ? COMPLETE : INCOMPLETE;
                // With "require passing grade" a fail is not shown on the grade condition (Moodle's
                // get_core_completion_state); the pass-grade condition carries it.
                case ActivityRules.GRADE -> settings.requirePassGrade() && grade == COMPLETE_FAIL ? COMPLETE : grade;
                case ActivityRules.PASS_GRADE -> grade == COMPLETE ? COMPLETE_PASS : grade;
                default -> Boolean.TRUE.equals(facts.ruleStates().get(rule.name())) ? COMPLETE : INCOMPLETE;
            };
            states.add(new ConditionState(rule, state));
        }
        return states;
    }

    /** One condition with its state. */
    public record ConditionState(Rule rule, CompletionState state) {
    }

    /**
     * The state of an AUTOMATIC activity (internal_get_state): any custom rule INCOMPLETE gives
     * INCOMPLETE; otherwise over the core conditions any INCOMPLETE gives INCOMPLETE, else any
     * FAIL gives FAIL, else any PASS gives PASS, else COMPLETE.
     */
    public static CompletionState automaticState(List<ConditionState> conditions) {
        boolean fail = false;
        boolean pass = false;
        for (ConditionState condition : conditions) {
            switch (condition.state()) {
                case INCOMPLETE -> {
                    return INCOMPLETE;
                }
                case COMPLETE_FAIL -> fail = true;
                case COMPLETE_PASS -> pass = true;
                case COMPLETE -> {
                }
            }
        }
        return fail ? COMPLETE_FAIL : pass ? COMPLETE_PASS : COMPLETE;
    }

    /**
     * Moodle's update_state for one event.
     *
     * @param tracking   the tracking in force (NONE when the course has completion off)
     * @param current    the stored record
     * @param possible   what the event says the state may be
     * @param overrider  the teacher for an override, null for any other event
     * @param automatic  computes the automatic state from every condition; called only when needed
     * @throws IllegalArgumentException when a manual tick or override asks for PASS, FAIL or UNKNOWN
     */
    public static Decision decide(CompletionTracking tracking, Current current, PossibleResult possible, Long overrider,
            Supplier<CompletionState> automatic) {
        if (tracking == CompletionTracking.NONE) {
            return Decision.unchanged(current);
        }
        Optional<CompletionState> hint = possible.state();
        if (hint.isPresent() && (hint.get() == current.state()
                || (hint.get() == COMPLETE && (current.state() == COMPLETE_PASS || current.state() == COMPLETE_FAIL)))) {
            return Decision.unchanged(current);
        }
        boolean override = overrider != null;
        if (tracking == CompletionTracking.AUTOMATIC && current.overriddenBy() != null && current.state() == COMPLETE
                && !override) {
            return Decision.unchanged(current);
        }
        CompletionState next;
        if (tracking == CompletionTracking.MANUAL || override) {
            if (!possible.is(COMPLETE) && !possible.is(INCOMPLETE)) {
                throw new IllegalArgumentException("A manual or overridden state is COMPLETE or INCOMPLETE, not " + possible);
            }
            next = hint.get();
        } else {
            next = automatic.get();
        }
        if (next == current.state()) {
            return Decision.unchanged(current);
        }
        return new Decision(true, next, overrider);
    }

    /**
     * The details shown per condition (cm_completion_details): each condition's own state, or,
     * when the record is overridden, the overall state for every condition.
     */
    public static List<ConditionState> details(List<ConditionState> conditions, Current current) {
        if (current.overriddenBy() == null) {
            return conditions;
        }
        return conditions.stream().map(c -> new ConditionState(c.rule(), current.state())).toList();
    }

    /**
     * Moodle 4.4+'s isoverallcomplete: MANUAL needs COMPLETE; AUTOMATIC accepts a FAIL only
     * where any grade completes (no custom rules and no passing grade required).
     */
    public static boolean isOverallComplete(CompletionSettings settings, CompletionTracking tracking,
            CompletionState state) {
        return switch (tracking) {
            case NONE -> false;
            case MANUAL -> state == COMPLETE;
            case AUTOMATIC -> state == COMPLETE || state == COMPLETE_PASS
                    || (state == COMPLETE_FAIL && settings.customRules().isEmpty() && !settings.requirePassGrade());
        };
    }
}
