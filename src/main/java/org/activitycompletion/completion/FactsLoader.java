package org.activitycompletion.completion;

import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;

import org.activitycompletion.activity.ActivityInfo;
import org.activitycompletion.completion.CompletionRules.Facts;
import org.activitycompletion.modules.ModuleRegistry;

/**
 * Gathers the facts conditions are decided on: views (from the records), grades and module
 * rule states, for many activities and users at once. Queries only what some condition needs.
 */
@ApplicationScoped
public class FactsLoader {

    @Inject
    EntityManager em;

    @Inject
    ModuleRegistry modules;

    /**
     * Facts for every pair of the activities and users.
     *
     * @param rows the stored records of those pairs (a missing pair has not viewed)
     */
    public Map<ActivityUser, Facts> load(Collection<ActivityInfo> activities, Collection<Long> userIds,
            Map<ActivityUser, CompletionRow> rows) {
        return load(activities, userIds, rows, null);
    }

    /** As {@link #load(Collection, Collection, Map)}, with the grades already read (null: query them). */
    public Map<ActivityUser, Facts> load(Collection<ActivityInfo> activities, Collection<Long> userIds,
            Map<ActivityUser, CompletionRow> rows, Map<ActivityUser, Double> knownGrades) {
        List<ActivityInfo> automatic = activities.stream()
                .filter(a -> a.tracking() == CompletionTracking.AUTOMATIC)
                .toList();
        Map<ActivityUser, Double> grades = knownGrades != null ? knownGrades : grades(automatic, userIds);
        Map<ActivityUser, Map<String, Boolean>> rules = new HashMap<>();
        automatic.stream()
                .filter(a -> !a.settings().customRules().isEmpty())
                .collect(Collectors.groupingBy(ActivityInfo::modName))
                .forEach((modName, list) -> rules.putAll(modules.require(modName).ruleStates(list, userIds)));
        Map<ActivityUser, Facts> facts = new HashMap<>();
        for (ActivityInfo activity : activities) {
            for (Long userId : userIds) {
                ActivityUser key = new ActivityUser(activity.id(), userId);
                CompletionRow row = rows.get(key);
                facts.put(key, new Facts(row != null && row.viewed(), grades.get(key), rules.getOrDefault(key, Map.of())));
            }
        }
        return facts;
    }

    @SuppressWarnings("unchecked")
    private Map<ActivityUser, Double> grades(List<ActivityInfo> activities, Collection<Long> userIds) {
        List<Long> graded = activities.stream().filter(a -> a.settings().requireGrade()).map(ActivityInfo::id).toList();
        if (graded.isEmpty() || userIds.isEmpty()) {
            return Map.of();
        }
        Map<ActivityUser, Double> grades = new HashMap<>();
        for (Object[] row : (List<Object[]>) em.createNativeQuery("select activity_id, user_id, grade from grade"
                + " where activity_id in (:a) and user_id in (:u)")
                .setParameter("a", graded)
                .setParameter("u", userIds)
                .getResultList()) {
            grades.put(new ActivityUser(((Number) row[0]).longValue(), ((Number) row[1]).longValue()),
                    ((Number) row[2]).doubleValue());
        }
        return grades;
    }
}
