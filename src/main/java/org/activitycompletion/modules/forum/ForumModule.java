package org.activitycompletion.modules.forum;

import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;

import org.activitycompletion.activity.ActivityInfo;
import org.activitycompletion.completion.ActivityUser;
import org.activitycompletion.modules.ActivityModule;

/** Forum: completion on view and on the number of discussions, replies or posts a user wrote. */
@ApplicationScoped
public class ForumModule implements ActivityModule {

    public static final String DISCUSSIONS = "completiondiscussions";
    public static final String REPLIES = "completionreplies";
    public static final String POSTS = "completionposts";

    @Inject
    EntityManager em;

    @Override
    public String name() {
        return "forum";
    }

    @Override
    public boolean tracksViews() {
        return true;
    }

    @Override
    public boolean hasGrade() {
        return false;
    }

    @Override
    public List<String> customRules() {
        return List.of(DISCUSSIONS, REPLIES, POSTS);
    }

    @Override
    public String describeRule(String rule, int value) {
        return switch (rule) {
            case DISCUSSIONS -> "Start discussions: " + value;
            case REPLIES -> "Post replies: " + value;
            case POSTS -> "Make forum posts: " + value;
            default -> ActivityModule.super.describeRule(rule, value);
        };
    }

    /**
     * Counts live posts per activity and user: discussions started (posts without a parent),
     * replies, and both. Deleted posts are gone, so they no longer count.
     */
    @Override
    @SuppressWarnings("unchecked")
    public Map<ActivityUser, Map<String, Boolean>> ruleStates(Collection<ActivityInfo> activities,
            Collection<Long> userIds) {
        Map<Long, ActivityInfo> withRules = new HashMap<>();
        activities.stream().filter(a -> !a.settings().customRules().isEmpty()).forEach(a -> withRules.put(a.id(), a));
        if (withRules.isEmpty() || userIds.isEmpty()) {
            return Map.of();
        }
        List<Object[]> rows = em.createNativeQuery("select activity_id, user_id, count(*) filter (where parent_id is null),"
                + " count(*) filter (where parent_id is not null), count(*) from forum_post"
                + " where activity_id in (:a) and user_id in (:u) group by activity_id, user_id")
                .setParameter("a", withRules.keySet())
                .setParameter("u", userIds)
                .getResultList();
        Map<ActivityUser, Map<String, Boolean>> states = new HashMap<>();
        for (Object[] row : rows) {
            ActivityInfo activity = withRules.get(((Number) row[0]).longValue());
            Map<String, Integer> counts = Map.of(DISCUSSIONS, ((Number) row[2]).intValue(),
                    REPLIES, ((Number) row[3]).intValue(), POSTS, ((Number) row[4]).intValue());
            Map<String, Boolean> rules = new LinkedHashMap<>();
            activity.settings().customRules().forEach((rule, required) -> rules.put(rule, counts.get(rule) >= required));
            states.put(new ActivityUser(activity.id(), ((Number) row[1]).longValue()), rules);
        }
        return states;
    }
}
