package org.activitycompletion.grade;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;

import org.activitycompletion.activity.ActivityInfo;
import org.activitycompletion.activity.CompletionSettings;
import org.activitycompletion.common.ApiException;
import org.activitycompletion.completion.CompletionEngine;
import org.activitycompletion.completion.CompletionEngine.Event;
import org.activitycompletion.completion.CompletionReadService;
import org.activitycompletion.completion.CompletionRules;
import org.activitycompletion.completion.CompletionStatus;
import org.activitycompletion.completion.CompletionTracking;
import org.activitycompletion.completion.LearnerResolver;
import org.activitycompletion.completion.LearnerResolver.Learner;
import org.activitycompletion.completion.PossibleResult;
import org.activitycompletion.modules.ModuleRegistry;
import org.activitycompletion.security.Capability;

/** Grades, and what they do to completion (Moodle's inform_grade_changed). */
@ApplicationScoped
@Transactional
public class GradeService {

    @Inject
    LearnerResolver learners;

    @Inject
    ModuleRegistry modules;

    @Inject
    CompletionEngine engine;

    @Inject
    CompletionReadService reads;

    /**
     * Sets or (with null) clears a user's grade. With the grade condition on, the engine gets
     * the grade's state as the possible result: PASS or FAIL against the pass mark, COMPLETE
     * without one, INCOMPLETE when cleared.
     */
    public CompletionStatus setGrade(long activityId, long userId, Double grade) {
        Learner learner = learners.resolve(activityId, userId, Capability.GRADE);
        if (learner.userId() == learner.actorId()) {
            learners.requireCapability(Capability.GRADE, learner.activity().courseId());
        }
        ActivityInfo activity = learner.activity();
        if (!modules.require(activity.modName()).hasGrade()) {
            throw ApiException.invalid("Module '" + activity.modName() + "' has no grade.");
        }
        CompletionSettings settings = activity.settings();
        if (grade != null && (!Double.isFinite(grade) || grade < 0 || grade > settings.gradeMax())) {
            throw ApiException.invalid("grade must be between 0 and " + settings.gradeMax() + ".");
        }
        if (grade == null) {
            Grade.delete("activityId = ?1 and userId = ?2", activityId, userId);
        } else {
            Grade.getEntityManager().createNativeQuery("insert into grade (activity_id, user_id, grade) values (:a, :u, :g)"
                    + " on conflict (activity_id, user_id) do update set grade = excluded.grade, graded_at = now()")
                    .setParameter("a", activityId)
                    .setParameter("u", userId)
                    .setParameter("g", grade)
                    .executeUpdate();
        }
        if (activity.tracking() != CompletionTracking.AUTOMATIC || !settings.requireGrade()) {
            return reads.status(activity, learner.userId(), learner.tracked());
        }
        PossibleResult possible = PossibleResult.of(CompletionRules.gradeState(settings, grade));
        return engine.apply(new Event(activity, learner.userId(), learner.tracked(), possible, null, false, "GRADE",
                learner.actorId()));
    }
}
