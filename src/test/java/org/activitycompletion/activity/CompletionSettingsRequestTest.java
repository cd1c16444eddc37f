package org.activitycompletion.activity;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.activitycompletion.activity.CompletionSettingsRequest.RuleSetting;
import org.activitycompletion.common.ApiException;
import org.activitycompletion.common.ErrorCode;
import org.activitycompletion.completion.CompletionTracking;
import org.activitycompletion.modules.ActivityModule;
import org.activitycompletion.modules.assign.AssignModule;
import org.activitycompletion.modules.forum.ForumModule;
import org.activitycompletion.modules.label.LabelModule;
import org.activitycompletion.modules.page.PageModule;
import org.junit.jupiter.api.Test;

/** Moodle's form rules for completion settings, over every combination of conditions per module. */
class CompletionSettingsRequestTest {

    static CompletionSettingsRequest request(CompletionTracking tracking, boolean view, boolean grade, boolean pass,
            Double gradePass, List<RuleSetting> rules) {
        return new CompletionSettingsRequest(tracking, view, grade, pass, gradePass, null, null, rules);
    }

    static boolean accepted(ActivityModule module, CompletionSettingsRequest request) {
        try {
            request.validate(module);
            return true;
        } catch (ApiException e) {
            assertEquals(ErrorCode.INVALID_ARGUMENT, e.code());
            return false;
        }
    }

    /**
     * Every combination of tracking × view × grade × pass × pass mark × custom rule, for a module
     * of each kind, against the rules written out independently.
     */
    @Test
    void everyCombination() {
        List<ActivityModule> modules = List.of(new ForumModule(), new AssignModule(), new PageModule(), new LabelModule());
        List<String> mismatches = new ArrayList<>();
        int cases = 0;
        for (ActivityModule module : modules) {
            for (CompletionTracking tracking : CompletionTracking.values()) {
                for (int bits = 0; bits < 16; bits++) {
                    boolean view = (bits & 1) != 0;
                    boolean grade = (bits & 2) != 0;
                    boolean pass = (bits & 4) != 0;
                    boolean rule = (bits & 8) != 0;
                    for (Double gradePass : new Double[] {null, 0.0, 40.0}) {
                        List<RuleSetting> rules = rule ? List.of(new RuleSetting(ForumModule.POSTS, 2)) : List.of();
                        boolean automatic = tracking == CompletionTracking.AUTOMATIC;
                        boolean expected = (automatic || !(view || grade || pass || rule))
                                && (!view || module.tracksViews())
                                && (module.hasGrade() || !(grade || pass || gradePass != null))
                                && (!pass || (grade && gradePass != null && gradePass > 0))
                                && (!rule || module.customRules().contains(ForumModule.POSTS))
                                && (!automatic || view || grade || rule);
                        boolean actual = accepted(module, request(tracking, view, grade, pass, gradePass, rules));
                        cases++;
                        if (expected != actual) {
                            mismatches.add(module.name() + " " + tracking + " view=" + view + " grade=" + grade + " pass=" + pass
                                    + " gradePass=" + gradePass + " rule=" + rule + ": expected " + expected);
                        }
                    }
                }
            }
        }
        assertEquals(List.of(), mismatches);
        assertEquals(4 * 3 * 16 * 3, cases);
    }

    @Test
    void normalises() {
        CompletionSettings forum = request(CompletionTracking.AUTOMATIC, false, false, false, null,
                List.of(new RuleSetting(ForumModule.REPLIES, 0), new RuleSetting(ForumModule.POSTS, 3)))
                .validate(new ForumModule());
        assertEquals(Map.of(ForumModule.POSTS, 3), forum.customRules(), "a rule of 0 is off");
        assertNull(forum.gradeMax(), "no grade without a graded module");
        assertEquals(100.0, request(CompletionTracking.MANUAL, false, false, false, null, List.of())
                .validate(new AssignModule()).gradeMax(), "graded modules default to 100");
    }

    @Test
    void rejectsOutOfRangeValues() {
        AssignModule assign = new AssignModule();
        for (double bad : new double[] {Double.NaN, Double.POSITIVE_INFINITY, -1, 100.5}) {
            assertThrows(ApiException.class, () -> request(CompletionTracking.AUTOMATIC, false, true, false, bad, List.of())
                    .validate(assign), "gradePass " + bad);
        }
        for (double bad : new double[] {0, -5, Double.NaN, 1e9}) {
            assertThrows(ApiException.class, () -> new CompletionSettingsRequest(CompletionTracking.AUTOMATIC, false, true,
                    false, null, bad, null, List.of()).validate(assign), "gradeMax " + bad);
        }
        ForumModule forum = new ForumModule();
        for (int bad : new int[] {-1, CompletionSettingsRequest.MAX_RULE_VALUE + 1}) {
            assertThrows(ApiException.class, () -> request(CompletionTracking.AUTOMATIC, true, false, false, null,
                    List.of(new RuleSetting(ForumModule.POSTS, bad))).validate(forum), "rule value " + bad);
        }
        assertThrows(ApiException.class, () -> request(null, false, false, false, null, List.of()).validate(forum));
        assertThrows(ApiException.class, () -> request(CompletionTracking.AUTOMATIC, false, false, false, null,
                List.of(new RuleSetting(ForumModule.POSTS, 1), new RuleSetting(ForumModule.POSTS, 0))).validate(forum),
                "a rule given twice");
    }
}
