package org.activitycompletion.modules.forum;

import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import org.activitycompletion.modules.ActivityModule;

/** Forum: completion on view and on the number of discussions, replies or posts a user wrote. */
@ApplicationScoped
public class ForumModule implements ActivityModule {

    public static final String DISCUSSIONS = "completiondiscussions";
    public static final String REPLIES = "completionreplies";
    public static final String POSTS = "completionposts";

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
}
