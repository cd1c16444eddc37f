package org.activitycompletion.security;

import java.util.Optional;

import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;

import org.activitycompletion.common.ApiException;
import org.activitycompletion.course.Course;
import org.activitycompletion.course.CourseRole;
import org.activitycompletion.course.EnrolmentDirectory;

/**
 * The one place where the contract's authorization rules are decided: application services
 * ask it before they act, so every adapter (GraphQL, Moodle web services) gets the same answer.
 * <p>
 * Checks run in Moodle's order: the course exists (else NOT_FOUND, Moodle's {@code invalidrecord}),
 * then the caller's permission (FORBIDDEN), then, in the services, the enrolment of the user acted
 * on (NOT_ENROLLED). A course reached through an activity exists (a foreign key); one named by the
 * client is checked with {@link #requireCourse} or {@link #requireInCourse}, which look it up only
 * when the caller has no role in it (an enrolment implies its course).
 */
@RequestScoped
public class AccessPolicy {

    @Inject
    CurrentCaller caller;

    @Inject
    EnrolmentDirectory enrolments;

    /** @throws ApiException UNAUTHENTICATED without a valid token */
    public Identity identity() {
        return caller.identity();
    }

    public long userId() {
        return identity().userId();
    }

    /** The caller's role in a course. */
    public Optional<CourseRole> roleIn(long courseId) {
        return enrolments.role(courseId, userId());
    }

    public boolean can(Capability capability, long courseId) {
        return identity().siteAdmin() || capability.grantedTo(roleIn(courseId).orElse(null));
    }

    /** @throws ApiException FORBIDDEN unless the caller holds the capability in the course */
    public void require(Capability capability, long courseId) {
        if (!can(capability, courseId)) {
            throw ApiException.forbidden("You are not allowed to do this in course " + courseId + ".");
        }
    }

    /**
     * Reading a course: enrolled users and site admins. Others get NOT_FOUND, so that the
     * existence of courses they cannot see is not revealed.
     */
    public void requireCourseVisible(long courseId) {
        if (!can(Capability.VIEW_COURSE, courseId)) {
            throw ApiException.notFound("Course", courseId);
        }
    }

    /**
     * A course named by the client, to read: NOT_FOUND when it does not exist or the caller may not
     * see it.
     */
    public void requireCourse(long courseId) {
        requireCourseVisible(courseId);
        if (roleIn(courseId).isEmpty()) { // a site admin
            requireExists(courseId);
        }
    }

    /**
     * A course named by the client, to act in: NOT_FOUND when it does not exist, else FORBIDDEN
     * unless the caller holds the capability in it.
     */
    public void requireInCourse(Capability capability, long courseId) {
        if (roleIn(courseId).isEmpty()) {
            requireExists(courseId);
        }
        require(capability, courseId);
    }

    private static void requireExists(long courseId) {
        if (Course.findById(courseId) == null) {
            throw ApiException.notFound("Course", courseId);
        }
    }

    /** @throws ApiException FORBIDDEN unless the caller is a site admin */
    public void requireSiteAdmin() {
        if (!identity().siteAdmin()) {
            throw ApiException.forbidden("Only site administrators can do this.");
        }
    }

    /** Reading a user's completion: the user themselves, or whoever may view others' progress. */
    public void requireCanReadCompletion(long courseId, long userId) {
        if (userId != userId()) {
            require(Capability.VIEW_OTHERS_COMPLETION, courseId);
        }
    }

    /** Giving or taking a role: managers any, editing teachers students and teachers (Moodle's defaults). */
    public void requireCanAssign(long courseId, CourseRole role) {
        require(Capability.ENROL, courseId);
        if (!identity().siteAdmin() && !roleIn(courseId).orElseThrow().assignableRoles().contains(role)) {
            throw ApiException.forbidden("You cannot assign or remove the role " + role + " in course " + courseId + ".");
        }
    }
}
