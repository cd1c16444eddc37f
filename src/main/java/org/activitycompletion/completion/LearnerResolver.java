package org.activitycompletion.completion;

import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.activitycompletion.activity.ActivityDirectory;
import org.activitycompletion.activity.ActivityInfo;
import org.activitycompletion.common.ApiException;
import org.activitycompletion.common.ErrorCode;
import org.activitycompletion.course.CourseRole;
import org.activitycompletion.course.EnrolmentDirectory;
import org.activitycompletion.security.AccessPolicy;
import org.activitycompletion.security.Capability;

/**
 * Decides whose completion an event is for and whether the caller may cause it: the caller
 * themselves, or another user when the caller holds the given capability. Both must be
 * enrolled; the activity must be visible to the caller. Served from caches: no SQL when warm.
 */
@ApplicationScoped
public class LearnerResolver {

    @Inject
    AccessPolicy access;

    @Inject
    ActivityDirectory activities;

    @Inject
    EnrolmentDirectory enrolments;

    /** The activity, the user an event is for, and whether that user is tracked. */
    public record Learner(ActivityInfo activity, long userId, boolean tracked, long actorId) {
    }

    /**
     * @param userId        the user the event is for; null means the caller
     * @param forOthers     what the caller needs to act for someone else; null when only the user may act
     */
    public Learner resolve(long activityId, Long userId, Capability forOthers) {
        ActivityInfo activity = activities.require(activityId);
        long caller = access.userId();
        long target = userId == null ? caller : userId;
        if (target != caller) {
            if (forOthers == null) {
                throw ApiException.forbidden("Only user " + target + " can do this for themselves.");
            }
            access.require(forOthers, activity.courseId());
        } else if (access.roleIn(activity.courseId()).isEmpty() && !access.identity().siteAdmin()) {
            throw notEnrolled(caller, activity.courseId());
        }
        if (!activity.visible() && !access.can(Capability.VIEW_HIDDEN_ACTIVITIES, activity.courseId())) {
            throw ApiException.notFound("Activity", activityId);
        }
        Optional<CourseRole> role = enrolments.role(activity.courseId(), target);
        if (role.isEmpty()) {
            throw notEnrolled(target, activity.courseId());
        }
        return new Learner(activity, target, role.get() == CourseRole.STUDENT, caller);
    }

    /** The caller must hold the capability in the course, even when acting for themselves. */
    public void requireCapability(Capability capability, long courseId) {
        access.require(capability, courseId);
    }

    static ApiException notEnrolled(long userId, long courseId) {
        return new ApiException(ErrorCode.NOT_ENROLLED, "User " + userId + " is not enrolled in course " + courseId + ".");
    }
}
