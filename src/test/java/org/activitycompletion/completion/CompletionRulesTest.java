package org.activitycompletion.completion;

import static org.activitycompletion.completion.CompletionState.COMPLETE;
import static org.activitycompletion.completion.CompletionState.COMPLETE_FAIL;
import static org.activitycompletion.completion.CompletionState.COMPLETE_PASS;
import static org.activitycompletion.completion.CompletionState.INCOMPLETE;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import org.activitycompletion.activity.CompletionSettings;
import org.activitycompletion.completion.CompletionRules.ConditionState;
import org.activitycompletion.completion.CompletionRules.Current;
import org.activitycompletion.completion.CompletionRules.Decision;
import org.activitycompletion.completion.CompletionRules.Facts;
import org.activitycompletion.modules.forum.ForumModule;
import org.junit.jupiter.api.Test;

/**
 * The pure completion decision, exhaustively, against Moodle's algorithm written out a second
 * time in Moodle's own numeric form (lib/completionlib.php: get_core_completion_state,
 * internal_get_state, update_state; see moodle-reference.md §3).
 */
class CompletionRulesTest {

    static final ForumModule FORUM = new ForumModule();

    static CompletionSettings settings(CompletionTracking tracking, boolean view, boolean grade, boolean pass,
            Double gradePass, Map<String, Integer> rules) {
        return new CompletionSettings(tracking, view, grade, pass, gradePass, 100.0, null, rules);
    }

    static CompletionSettings automatic(boolean view, boolean grade, boolean pass, Double gradePass,
            Map<String, Integer> rules) {
        return settings(CompletionTracking.AUTOMATIC, view, grade, pass, gradePass, rules);
    }

    // ---- grade state ---------------------------------------------------------------------

    @Test
    void gradeStateComparesWithThePassMarkAndEqualityPasses() {
        CompletionSettings withPass = automatic(false, true, false, 50.0, Map.of());
        assertEquals(INCOMPLETE, CompletionRules.gradeState(withPass, null));
        assertEquals(COMPLETE_FAIL, CompletionRules.gradeState(withPass, 49.99999));
        assertEquals(COMPLETE_PASS, CompletionRules.gradeState(withPass, 50.0));
        assertEquals(COMPLETE_PASS, CompletionRules.gradeState(withPass, 100.0));
        assertEquals(COMPLETE_FAIL, CompletionRules.gradeState(withPass, 0.0));
        CompletionSettings noPass = automatic(false, true, false, null, Map.of());
        assertEquals(COMPLETE, CompletionRules.gradeState(noPass, 0.0));
        assertEquals(INCOMPLETE, CompletionRules.gradeState(noPass, null));
        assertEquals(COMPLETE, CompletionRules.gradeState(automatic(false, true, false, 0.0, Map.of()), 0.0),
                "a pass mark of 0 is no pass mark");
    }

    // ---- automatic state and condition details, exhaustively --------------------------------

    /** Moodle's numeric algorithm: condition name → 0..3, then the reduction. */
    static Map<String, Integer> moodleConditionMap(CompletionSettings s, Facts f) {
        Map<String, Integer> map = new LinkedHashMap<>();
        if (s.requireView()) {
            map.put(ActivityRules.VIEW, f.viewed() ? 1 : 0);
        }
        if (s.requireGrade()) {
            int g = f.grade() == null ? 0
                    : s.gradePass() != null && s.gradePass() > 0.000009 ? (f.grade() >= s.gradePass() ? 2 : 3) : 1;
            map.put(ActivityRules.GRADE, g);
            if (s.requirePassGrade()) {
                int p = g == 1 ? 2 : g;
                if (p == 3) {
                    map.put(ActivityRules.GRADE, 1);
                }
                map.put(ActivityRules.PASS_GRADE, p);
            }
        }
        for (String rule : FORUM.customRules()) {
            if (s.customRules().containsKey(rule)) {
                map.put(rule, Boolean.TRUE.equals(f.ruleStates().get(rule)) ? 1 : 0);
            }
        }
        return map;
    }

    static int moodleReduce(Map<String, Integer> map) {
        if (map.containsValue(0)) {
            return 0;
        }
        if (map.containsValue(3)) {
            return 3;
        }
        if (map.containsValue(2)) {
            return 2;
        }
        return 1;
    }

    @Test
    void automaticStateAndDetailsMatchMoodleForEveryCombination() {
        List<Map<String, Integer>> ruleSets = List.of(Map.of(), Map.of(ForumModule.POSTS, 2),
                Map.of(ForumModule.DISCUSSIONS, 1, ForumModule.REPLIES, 3));
        List<String> mismatches = new ArrayList<>();
        int cases = 0;
        for (boolean view : new boolean[] {false, true}) {
            for (int gradeMode = 0; gradeMode < 3; gradeMode++) { // off, grade, grade + pass
                for (Double gradePass : new Double[] {null, 50.0}) {
                    if (gradeMode == 2 && gradePass == null) {
                        continue; // rejected by the settings rules
                    }
                    for (Map<String, Integer> rules : ruleSets) {
                        if (!view && gradeMode == 0 && rules.isEmpty()) {
                            continue;
                        }
                        CompletionSettings s = automatic(view, gradeMode > 0, gradeMode == 2, gradePass, rules);
                        for (boolean viewed : new boolean[] {false, true}) {
                            for (Double grade : new Double[] {null, 0.0, 30.0, 50.0, 70.0}) {
                                for (int met = 0; met < 4; met++) {
                                    Map<String, Boolean> states = new HashMap<>();
                                    int bit = 0;
                                    for (String rule : rules.keySet()) {
                                        states.put(rule, (met >> bit++ & 1) == 1);
                                    }
                                    Facts facts = new Facts(viewed, grade, states);
                                    List<ConditionState> conditions = CompletionRules.conditionStates(
                                            ActivityRules.conditions(FORUM, s), s, facts);
                                    Map<String, Integer> expected = moodleConditionMap(s, facts);
                                    Map<String, Integer> actual = new LinkedHashMap<>();
                                    conditions.forEach(c -> actual.put(c.rule().name(), c.state().moodleValue()));
                                    int state = CompletionRules.automaticState(conditions).moodleValue();
                                    cases++;
                                    if (!expected.equals(actual) || state != moodleReduce(expected)) {
                                        mismatches.add(s + " " + facts + ": expected " + expected + " → "
                                                + moodleReduce(expected) + ", got " + actual + " → " + state);
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
        assertEquals(List.of(), mismatches);
        assertTrue(cases > 1000, "cases: " + cases);
    }

    @Test
    void detailsKeepMoodlesOrder() {
        CompletionSettings s = automatic(true, true, true, 50.0, Map.of(ForumModule.POSTS, 1, ForumModule.DISCUSSIONS, 1));
        assertEquals(List.of("completionview", "completionusegrade", "completionpassgrade", "completiondiscussions",
                "completionposts"), ActivityRules.conditions(FORUM, s).stream().map(ActivityRules.Rule::name).toList());
        assertEquals(List.of(), ActivityRules.conditions(FORUM, settings(CompletionTracking.MANUAL, false, false, false,
                null, Map.of())), "a manual activity has no details");
    }

    @Test
    void anOverrideShowsTheOverallStateOnEveryCondition() {
        CompletionSettings s = automatic(true, true, false, null, Map.of());
        List<ConditionState> own = CompletionRules.conditionStates(ActivityRules.conditions(FORUM, s), s,
                new Facts(true, null, Map.of()));
        assertEquals(List.of(COMPLETE, INCOMPLETE), own.stream().map(ConditionState::state).toList());
        assertEquals(own, CompletionRules.details(own, new Current(INCOMPLETE, null)));
        assertEquals(List.of(COMPLETE, COMPLETE), CompletionRules.details(own, new Current(COMPLETE, 7L)).stream()
                .map(ConditionState::state).toList());
        assertEquals(List.of(INCOMPLETE, INCOMPLETE), CompletionRules.details(own, new Current(INCOMPLETE, 7L)).stream()
                .map(ConditionState::state).toList());
    }

    // ---- update_state, exhaustively ------------------------------------------------------

    /** Moodle's update_state steps 1, 5–9, written out as the reference lists them. Null: no change. */
    static Object[] moodleUpdate(CompletionTracking tracking, int state, Long overrideBy, Integer possible, Long overrider,
            int automatic) {
        if (tracking == CompletionTracking.NONE) {
            return null;
        }
        if (possible != null && (possible == state || (possible == 1 && (state == 2 || state == 3)))) {
            return null;
        }
        if (tracking == CompletionTracking.AUTOMATIC && overrideBy != null && state == 1 && overrider == null) {
            return null;
        }
        int newState;
        if (tracking == CompletionTracking.MANUAL || overrider != null) {
            if (possible == null || (possible != 0 && possible != 1)) {
                return new Object[] {"error"};
            }
            newState = possible;
        } else {
            newState = automatic;
        }
        if (newState == state) {
            return null;
        }
        return new Object[] {newState, overrider};
    }

    @Test
    void updateStateMatchesMoodleForEveryCombination() {
        List<String> mismatches = new ArrayList<>();
        AtomicInteger cases = new AtomicInteger();
        for (CompletionTracking tracking : CompletionTracking.values()) {
            for (CompletionState state : CompletionState.values()) {
                for (Long overriddenBy : new Long[] {null, 7L}) {
                    for (int p = -1; p < 4; p++) {
                        PossibleResult possible = p < 0 ? PossibleResult.UNKNOWN
                                : PossibleResult.of(CompletionState.fromMoodleValue(p));
                        for (Long overrider : new Long[] {null, 9L}) {
                            for (CompletionState automatic : CompletionState.values()) {
                                cases.incrementAndGet();
                                Object[] expected = moodleUpdate(tracking, state.moodleValue(), overriddenBy,
                                        p < 0 ? null : p, overrider, automatic.moodleValue());
                                String actual;
                                try {
                                    Decision d = CompletionRules.decide(tracking, new Current(state, overriddenBy), possible,
                                            overrider, () -> automatic);
                                    actual = d.changed() ? d.state().moodleValue() + "/" + d.overriddenBy() : "none";
                                    if (!d.changed() && (d.state() != state || d.overriddenBy() != overriddenBy)) {
                                        actual = "unchanged but different";
                                    }
                                } catch (IllegalArgumentException e) {
                                    actual = "error";
                                }
                                String want = expected == null ? "none"
                                        : expected.length == 1 ? "error" : expected[0] + "/" + expected[1];
                                if (!want.equals(actual)) {
                                    mismatches.add(tracking + " state=" + state + " overriddenBy=" + overriddenBy
                                            + " possible=" + possible + " overrider=" + overrider + " automatic=" + automatic
                                            + ": expected " + want + ", got " + actual);
                                }
                            }
                        }
                    }
                }
            }
        }
        assertEquals(List.of(), mismatches);
        assertEquals(3 * 4 * 2 * 5 * 2 * 4, cases.get());
    }

    @Test
    void theAutomaticStateIsComputedOnlyWhenNeeded() {
        AtomicInteger calls = new AtomicInteger();
        CompletionRules.decide(CompletionTracking.AUTOMATIC, new Current(COMPLETE, null), PossibleResult.COMPLETE, null,
                () -> {
                    calls.incrementAndGet();
                    return COMPLETE;
                });
        CompletionRules.decide(CompletionTracking.AUTOMATIC, new Current(COMPLETE_PASS, null), PossibleResult.COMPLETE, null,
                () -> {
                    calls.incrementAndGet();
                    return COMPLETE;
                });
        assertEquals(0, calls.get(), "the shortcut skips the facts");
    }

    // ---- named scenarios -----------------------------------------------------------------

    @Test
    void aCompleteOverrideHoldsAgainstLaterEventsButAnIncompleteOneDoesNot() {
        Decision held = CompletionRules.decide(CompletionTracking.AUTOMATIC, new Current(COMPLETE, 5L),
                PossibleResult.INCOMPLETE, null, () -> INCOMPLETE);
        assertFalse(held.changed());
        Decision reopened = CompletionRules.decide(CompletionTracking.AUTOMATIC, new Current(INCOMPLETE, 5L),
                PossibleResult.COMPLETE, null, () -> COMPLETE);
        assertEquals(new Decision(true, COMPLETE, null), reopened, "an automatic change clears the overrider");
        Decision newOverride = CompletionRules.decide(CompletionTracking.AUTOMATIC, new Current(COMPLETE, 5L),
                PossibleResult.INCOMPLETE, 6L, () -> COMPLETE);
        assertEquals(new Decision(true, INCOMPLETE, 6L), newOverride);
    }

    @Test
    void manualStatesAreCompleteOrIncomplete() {
        assertThrows(IllegalArgumentException.class, () -> CompletionRules.decide(CompletionTracking.MANUAL,
                Current.NONE, PossibleResult.of(COMPLETE_PASS), null, () -> COMPLETE));
        assertThrows(IllegalArgumentException.class, () -> CompletionRules.decide(CompletionTracking.AUTOMATIC,
                Current.NONE, PossibleResult.UNKNOWN, 3L, () -> COMPLETE));
        assertEquals(new Decision(true, COMPLETE, null), CompletionRules.decide(CompletionTracking.MANUAL,
                new Current(INCOMPLETE, 4L), PossibleResult.COMPLETE, null, () -> INCOMPLETE));
    }

    @Test
    void overallCompleteFollowsMoodle44() {
        CompletionSettings anyGrade = automatic(false, true, false, 50.0, Map.of());
        CompletionSettings passRequired = automatic(false, true, true, 50.0, Map.of());
        CompletionSettings withRules = automatic(false, false, false, null, Map.of(ForumModule.POSTS, 1));
        CompletionSettings manual = settings(CompletionTracking.MANUAL, false, false, false, null, Map.of());
        assertTrue(CompletionRules.isOverallComplete(anyGrade, CompletionTracking.AUTOMATIC, COMPLETE_FAIL));
        assertFalse(CompletionRules.isOverallComplete(passRequired, CompletionTracking.AUTOMATIC, COMPLETE_FAIL));
        assertTrue(CompletionRules.isOverallComplete(passRequired, CompletionTracking.AUTOMATIC, COMPLETE_PASS));
        assertFalse(CompletionRules.isOverallComplete(withRules, CompletionTracking.AUTOMATIC, COMPLETE_FAIL));
        assertTrue(CompletionRules.isOverallComplete(withRules, CompletionTracking.AUTOMATIC, COMPLETE));
        assertTrue(CompletionRules.isOverallComplete(manual, CompletionTracking.MANUAL, COMPLETE));
        for (CompletionState state : CompletionState.values()) {
            assertFalse(CompletionRules.isOverallComplete(anyGrade, CompletionTracking.NONE, state));
            assertFalse(CompletionRules.isOverallComplete(anyGrade, CompletionTracking.AUTOMATIC, INCOMPLETE));
        }
    }
}
