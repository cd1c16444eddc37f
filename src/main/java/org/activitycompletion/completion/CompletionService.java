package org.activitycompletion.completion;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;

import io.quarkus.narayana.jta.QuarkusTransaction;

import org.activitycompletion.activity.ActivityDirectory;
import org.activitycompletion.activity.ActivityInfo;
import org.activitycompletion.common.ApiException;
import org.activitycompletion.common.Blocking;
import org.activitycompletion.common.ErrorCode;
import org.activitycompletion.completion.CompletionEngine.Event;
import org.activitycompletion.completion.LearnerResolver.Learner;
import org.activitycompletion.security.AccessPolicy;
import org.activitycompletion.security.Capability;

/** Views, manual ticks and teacher overrides (Moodle's set_module_viewed and update_state callers). */
@ApplicationScoped
@Transactional
public class CompletionService {

    @Inject
    LearnerResolver learners;

    @Inject
    CompletionEngine engine;

    @Inject
    CompletionCache cache;

    @Inject
    CompletionReadService reads;

    @Inject
    AccessPolicy access;

    @Inject
    EntityManager em;

    @Inject
    ActivityDirectory activities;

    /** One entry of the completion history. */
    public record Change(long activityId, long userId, CompletionState oldState, CompletionState newState, String cause,
            Long actorId, Instant changedAt) {
    }

    /**
     * A view (set_module_viewed). Remembered only while the view condition is on; a repeat view
     * of a viewed, not overridden activity does nothing and, with a warm cache, runs no SQL.
     */
    @Transactional(Transactional.TxType.SUPPORTS) // the repeat view answers from the cache; only a write opens one
    public CompletionStatus recordView(long activityId, Long userId) {
        Learner learner = learners.resolve(activityId, userId, Capability.ACT_FOR_OTHERS);
        ActivityInfo activity = learner.activity();
        if (activity.tracking() != CompletionTracking.AUTOMATIC || !activity.settings().requireView()) {
            return reads.status(activity, learner.userId(), learner.tracked());
        }
        CompletionStatus cached = cache.getIfPresent(new ActivityUser(activityId, learner.userId()));
        if (cached != null && cached.viewed() && cached.overriddenBy() == null) {
            return cached;
        }
        Blocking.require();
        return QuarkusTransaction.joiningExisting().call(() -> engine.apply(new Event(activity, learner.userId(),
                learner.tracked(), PossibleResult.COMPLETE, null, true, "VIEW", learner.actorId())));
    }

    /** The user ticks or unticks a MANUAL activity (update_activity_completion_status_manually). */
    public CompletionStatus setManualCompletion(long activityId, boolean completed, Long userId) {
        Learner learner = learners.resolve(activityId, userId, null);
        ActivityInfo activity = learner.activity();
        if (!activity.courseCompletionEnabled()) {
            throw new ApiException(ErrorCode.COMPLETION_DISABLED,
                    "Completion is off for course " + activity.courseId() + ".");
        }
        if (activity.settings().tracking() != CompletionTracking.MANUAL) {
            throw new ApiException(ErrorCode.NOT_MANUAL, "Activity " + activityId + " is not completed manually.");
        }
        return engine.apply(new Event(activity, learner.userId(), learner.tracked(),
                completed ? PossibleResult.COMPLETE : PossibleResult.INCOMPLETE, null, false, "MANUAL", learner.actorId()));
    }

    /**
     * A teacher sets a user's state (override_activity_completion_status). On an activity
     * without tracking nothing happens and the current data is returned, as Moodle does.
     */
    public CompletionStatus overrideCompletion(long activityId, long userId, CompletionState state) {
        Learner learner = learners.resolve(activityId, userId, Capability.OVERRIDE_COMPLETION);
        if (learner.userId() == learner.actorId()) {
            learners.requireCapability(Capability.OVERRIDE_COMPLETION, learner.activity().courseId());
        }
        if (state != CompletionState.COMPLETE && state != CompletionState.INCOMPLETE) {
            throw ApiException.invalid("An override sets COMPLETE or INCOMPLETE, not " + state + ".");
        }
        if (learner.activity().tracking() == CompletionTracking.NONE) {
            return reads.status(learner.activity(), learner.userId(), learner.tracked());
        }
        return engine.apply(new Event(learner.activity(), learner.userId(), learner.tracked(), PossibleResult.of(state),
                learner.actorId(), false, "OVERRIDE", learner.actorId()));
    }

    /**
     * Whose changes a subscriber to the course may receive: empty for everyone's (teachers),
     * else one user. Students may follow only themselves.
     */
    @Transactional(Transactional.TxType.SUPPORTS)
    public Optional<Long> subscriptionFilter(long courseId, Long requestedUser) {
        access.requireCourse(courseId);
        if (requestedUser != null) {
            access.requireCanReadCompletion(courseId, requestedUser);
            return Optional.of(requestedUser);
        }
        return access.can(Capability.VIEW_OTHERS_COMPLETION, courseId) ? Optional.empty() : Optional.of(access.userId());
    }

    /** Every state change of the user in the activity, oldest first; for teachers. */
    @Transactional(Transactional.TxType.SUPPORTS)
    @SuppressWarnings("unchecked")
    public List<Change> history(long activityId, long userId) {
        ActivityInfo activity = activities.require(activityId);
        access.require(Capability.VIEW_OTHERS_COMPLETION, activity.courseId());
        List<Object[]> rows = em.createNativeQuery("select old_state, new_state, cause, actor_id, changed_at"
                + " from completion_history where activity_id = :a and user_id = :u order by id")
                .setParameter("a", activityId)
                .setParameter("u", userId)
                .getResultList();
        return rows.stream().map(r -> new Change(activityId, userId,
                CompletionState.fromMoodleValue(((Number) r[0]).intValue()),
                CompletionState.fromMoodleValue(((Number) r[1]).intValue()), (String) r[2],
                r[3] == null ? null : ((Number) r[3]).longValue(), CompletionStore.toInstant(r[4]))).toList();
    }
}
