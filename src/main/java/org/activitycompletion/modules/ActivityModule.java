package org.activitycompletion.modules;

import java.util.Collection;
import java.util.List;
import java.util.Map;

import org.activitycompletion.activity.ActivityInfo;
import org.activitycompletion.completion.ActivityUser;

/**
 * An activity type (Moodle's mod_*), seen by the completion engine only through what it
 * supports: views, a grade, and its own custom completion rules. Implementations are CDI
 * beans; adding a module means adding one package with one of these.
 */
public interface ActivityModule {

    /** Moodle's modname, e.g. "forum". */
    String name();

    /** FEATURE_COMPLETION_TRACKS_VIEWS: completion can require viewing. */
    boolean tracksViews();

    /** FEATURE_GRADE_HAS_GRADE: completion can require a (passing) grade. */
    boolean hasGrade();

    /** The custom rules this module defines, in display order (activity_custom_completion::get_defined_custom_rules). */
    default List<String> customRules() {
        return List.of();
    }

    /** A human-readable description of one enabled custom rule, e.g. "Make forum posts: 3". */
    default String describeRule(String rule, int value) {
        throw new IllegalArgumentException("Module " + name() + " defines no rule " + rule);
    }

    /**
     * Whether each enabled custom rule holds (activity_custom_completion::get_state), for every
     * pair of the given activities of this module and users, in one query. A pair left out holds
     * no rule.
     */
    default Map<ActivityUser, Map<String, Boolean>> ruleStates(Collection<ActivityInfo> activities,
            Collection<Long> userIds) {
        return Map.of();
    }
}
