package org.activitycompletion.graphql;

import jakarta.inject.Inject;

import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import org.activitycompletion.completion.CompletionEvents;
import org.activitycompletion.completion.CompletionService;
import org.activitycompletion.completion.CompletionState;
import org.activitycompletion.grade.GradeService;
import org.activitycompletion.graphql.Types.ActivityCompletionType;
import org.activitycompletion.graphql.Types.ForumPostType;
import org.activitycompletion.modules.forum.ForumService;
import org.activitycompletion.graphql.fastpath.CacheFirst;
import org.eclipse.microprofile.graphql.Description;
import org.eclipse.microprofile.graphql.GraphQLApi;
import org.eclipse.microprofile.graphql.Id;
import org.eclipse.microprofile.graphql.Mutation;
import org.eclipse.microprofile.graphql.NonNull;
import io.smallrye.graphql.api.Subscription;

/** Learning events, completion control and live completion changes. */
@GraphQLApi
public class LearningApi {

    @Inject
    CompletionService completion;

    @Inject
    GradeService grades;

    @Inject
    ForumService forums;

    @Inject
    CompletionEvents events;

    @Inject
    CacheFirst cacheFirst;

    @Mutation
    @Description("The user (default: the caller) viewed the activity. Completes it where viewing is the condition.")
    public @NonNull Uni<ActivityCompletionType> recordView(@NonNull @Id String activityId, @Id String userId) {
        long activity = Ids.parse(activityId, "activityId");
        Long user = Ids.parseOptional(userId, "userId");
        return cacheFirst.run(() -> ActivityCompletionType.of(completion.recordView(activity, user)));
    }

    @Mutation("setGrade") // without the name, MicroProfile GraphQL would strip the "set"
    @Description("Teachers: set a user's grade; null clears it.")
    public @NonNull ActivityCompletionType setGrade(@NonNull @Id String activityId, @NonNull @Id String userId,
            Double grade) {
        return ActivityCompletionType.of(grades.setGrade(Ids.parse(activityId, "activityId"), Ids.parse(userId, "userId"),
                grade));
    }

    @Mutation
    @Description("Start a discussion in a forum.")
    public @NonNull ForumPostType addForumDiscussion(@NonNull @Id String activityId, @NonNull String subject,
            @NonNull String message, @Id String userId) {
        return ForumPostType.of(forums.addDiscussion(Ids.parse(activityId, "activityId"), subject, message,
                Ids.parseOptional(userId, "userId")));
    }

    @Mutation
    @Description("Reply to a forum post.")
    public @NonNull ForumPostType addForumReply(@NonNull @Id String parentPostId, @NonNull String message,
            @Id String userId) {
        return ForumPostType.of(forums.addReply(Ids.parse(parentPostId, "parentPostId"), message,
                Ids.parseOptional(userId, "userId")));
    }

    @Mutation
    @Description("Delete a forum post and its replies (a discussion's first post deletes the discussion).")
    public boolean deleteForumPost(@NonNull @Id String postId) {
        return forums.deletePost(Ids.parse(postId, "postId"));
    }

    @Mutation("setManualCompletion")
    @Description("Tick or untick a MANUAL activity, for the caller. COMPLETION_DISABLED when completion is off for "
            + "the course, NOT_MANUAL when the activity is not manual.")
    public @NonNull ActivityCompletionType setManualCompletion(@NonNull @Id String activityId, boolean completed,
            @Id String userId) {
        return ActivityCompletionType.of(completion.setManualCompletion(Ids.parse(activityId, "activityId"), completed,
                Ids.parseOptional(userId, "userId")));
    }

    @Mutation
    @Description("Teachers: set a user's state to COMPLETE or INCOMPLETE.")
    public @NonNull ActivityCompletionType overrideCompletion(@NonNull @Id String activityId, @NonNull @Id String userId,
            @NonNull CompletionState state) {
        return ActivityCompletionType.of(completion.overrideCompletion(Ids.parse(activityId, "activityId"),
                Ids.parse(userId, "userId"), state));
    }

    @Subscription
    @Description("Every completion state change in the course, after it is committed; students see only their own.")
    public Multi<ActivityCompletionType> completionChanged(@NonNull @Id String courseId, @Id String userId) {
        long course = Ids.parse(courseId, "courseId");
        Long requested = Ids.parseOptional(userId, "userId");
        // Subscriptions start on the event loop; the checks may query the database, so they run on a worker.
        return cacheFirst.onWorker(() -> completion.subscriptionFilter(course, requested))
                .onItem().transformToMulti(only -> events.stream()
                        .filter(s -> s.activity().courseId() == course && (only.isEmpty() || s.userId() == only.get()))
                        .map(ActivityCompletionType::of));
    }
}
