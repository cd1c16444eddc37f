package org.activitycompletion.modules.forum;

import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;

import org.activitycompletion.activity.ActivityDirectory;
import org.activitycompletion.activity.ActivityInfo;
import org.activitycompletion.common.ApiException;
import org.activitycompletion.common.Text;
import org.activitycompletion.completion.CompletionEngine;
import org.activitycompletion.completion.CompletionEngine.Event;
import org.activitycompletion.completion.CompletionTracking;
import org.activitycompletion.completion.LearnerResolver;
import org.activitycompletion.completion.LearnerResolver.Learner;
import org.activitycompletion.completion.PossibleResult;
import org.activitycompletion.course.CourseRole;
import org.activitycompletion.course.EnrolmentDirectory;
import org.activitycompletion.security.AccessPolicy;
import org.activitycompletion.security.Capability;

/** Forum discussions and posts, and what they do to completion. */
@ApplicationScoped
@Transactional
public class ForumService {

    static final int MAX_MESSAGE = 100_000;

    @Inject
    LearnerResolver learners;

    @Inject
    CompletionEngine engine;

    @Inject
    ActivityDirectory activities;

    @Inject
    EnrolmentDirectory enrolments;

    @Inject
    AccessPolicy access;

    @Inject
    EntityManager em;

    /** Starts a discussion: its first post has no parent. */
    public ForumPost addDiscussion(long activityId, String subject, String message, Long userId) {
        Learner learner = learners.resolve(activityId, userId, Capability.ACT_FOR_OTHERS);
        requireForum(learner.activity());
        ForumDiscussion discussion = new ForumDiscussion();
        discussion.activityId = activityId;
        discussion.userId = learner.userId();
        discussion.subject = Text.required(subject, "subject", 255);
        discussion.persist();
        ForumPost post = post(discussion, null, learner.userId(), discussion.subject, message);
        postsChanged(learner.activity(), learner.userId(), learner.tracked(), PossibleResult.COMPLETE, "FORUM_POST",
                learner.actorId());
        return post;
    }

    /** Replies to a post. */
    public ForumPost addReply(long parentPostId, String message, Long userId) {
        ForumPost parent = requirePost(parentPostId);
        Learner learner = learners.resolve(parent.activityId, userId, Capability.ACT_FOR_OTHERS);
        ForumDiscussion discussion = ForumDiscussion.findById(parent.discussionId);
        if (discussion == null) { // deleted since the parent post was read
            throw ApiException.notFound("Forum post", parentPostId);
        }
        ForumPost post = post(discussion, parent.id, learner.userId(), "Re: " + discussion.subject, message);
        postsChanged(learner.activity(), learner.userId(), learner.tracked(), PossibleResult.COMPLETE, "FORUM_POST",
                learner.actorId());
        return post;
    }

    /**
     * Deletes a post with its replies (a discussion's first post takes the discussion with it),
     * then updates the completion of every author who lost posts. Authors delete their own
     * posts; teachers any.
     */
    @SuppressWarnings("unchecked")
    public boolean deletePost(long postId) {
        ForumPost post = requirePost(postId);
        ActivityInfo activity = activities.require(post.activityId);
        if (post.userId != access.userId()) {
            access.require(Capability.MODERATE_FORUMS, activity.courseId());
        } else {
            learners.resolve(activity.id(), null, null);
        }
        List<Number> authors = em.createNativeQuery("with recursive subtree as (select id, user_id from forum_post"
                + " where id = :p union all select f.id, f.user_id from forum_post f join subtree s on f.parent_id = s.id)"
                + " select distinct user_id from subtree order by user_id")
                .setParameter("p", postId)
                .getResultList();
        if (post.parentId == null) {
            ForumDiscussion.deleteById(post.discussionId);
        } else {
            post.delete();
        }
        em.flush();
        for (Number author : authors) {
            long userId = author.longValue();
            enrolments.role(activity.courseId(), userId).ifPresent(role -> postsChanged(activity, userId,
                    role == CourseRole.STUDENT, PossibleResult.INCOMPLETE, "FORUM_POST_DELETED", access.userId()));
        }
        return true;
    }

    private void postsChanged(ActivityInfo activity, long userId, boolean tracked, PossibleResult possible, String cause,
            long actorId) {
        if (activity.tracking() == CompletionTracking.AUTOMATIC && !activity.settings().customRules().isEmpty()) {
            em.flush();
            engine.apply(new Event(activity, userId, tracked, possible, null, false, cause, actorId));
        }
    }

    private ForumPost post(ForumDiscussion discussion, Long parentId, long userId, String subject, String message) {
        ForumPost post = new ForumPost();
        post.activityId = discussion.activityId;
        post.discussionId = discussion.id;
        post.parentId = parentId;
        post.userId = userId;
        post.subject = subject.length() > 255 ? subject.substring(0, 255) : subject;
        post.message = Text.required(message, "message", MAX_MESSAGE);
        post.persist();
        return post;
    }

    private static ForumPost requirePost(long postId) {
        ForumPost post = ForumPost.findById(postId);
        if (post == null) {
            throw ApiException.notFound("Forum post", postId);
        }
        return post;
    }

    private static void requireForum(ActivityInfo activity) {
        if (!"forum".equals(activity.modName())) {
            throw ApiException.invalid("Activity " + activity.id() + " is not a forum.");
        }
    }
}
