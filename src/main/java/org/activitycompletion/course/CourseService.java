package org.activitycompletion.course;

import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;

import org.activitycompletion.activity.ActivityDirectory;
import org.activitycompletion.common.ApiException;
import org.activitycompletion.common.ErrorCode;
import org.activitycompletion.common.Text;
import org.activitycompletion.completion.CompletionCache;
import org.activitycompletion.security.AccessPolicy;
import org.activitycompletion.security.Capability;
import org.activitycompletion.user.AppUser;
import org.activitycompletion.user.UserInfo;
import org.activitycompletion.user.UserService;

/** Courses and enrolments. */
@ApplicationScoped
@Transactional
public class CourseService {

    @Inject
    AccessPolicy access;

    @Inject
    UserService users;

    @Inject
    EnrolmentDirectory enrolments;

    @Inject
    ActivityDirectory activities;

    @Inject
    CompletionCache completionCache;

    public Course create(String shortName, String fullName, boolean enableCompletion) {
        access.requireSiteAdmin();
        return createUnchecked(shortName, fullName, enableCompletion);
    }

    /** Creates a course without an authorization check: for demo data. */
    public Course createUnchecked(String shortName, String fullName, boolean enableCompletion) {
        String name = Text.required(shortName, "shortName", 100);
        if (Course.count("shortName", name) > 0) {
            throw new ApiException(ErrorCode.CONFLICT, "The course short name '" + name + "' is taken.");
        }
        Course course = new Course();
        course.shortName = name;
        course.fullName = Text.required(fullName, "fullName", 255);
        course.enableCompletion = enableCompletion;
        course.persist();
        return course;
    }

    /** Changes the given fields; a null argument leaves its field alone. */
    public Course update(long courseId, String fullName, Boolean enableCompletion) {
        Course course = require(courseId);
        access.require(Capability.UPDATE_COURSE, courseId);
        if (fullName != null) {
            course.fullName = Text.required(fullName, "fullName", 255);
        }
        if (enableCompletion != null && enableCompletion != course.enableCompletion) {
            course.enableCompletion = enableCompletion;
            activities.courseChanged();
            completionCache.allChanged();
        }
        return course;
    }

    /** The course, if the caller may see it; NOT_FOUND otherwise. */
    @Transactional(Transactional.TxType.SUPPORTS)
    public Course get(long courseId) {
        Course course = require(courseId);
        access.requireCourseVisible(courseId);
        return course;
    }

    /** The caller's courses; every course for a site admin. */
    @Transactional(Transactional.TxType.SUPPORTS)
    public List<Course> mine() {
        if (access.identity().siteAdmin()) {
            return Course.list("order by id");
        }
        return Course.list("select c from Course c, Enrolment e where e.courseId = c.id and e.userId = ?1 order by c.id",
                access.userId());
    }

    /** Enrols the user with the role, or changes the role of an enrolled user. */
    public EnrolledUser enrol(long courseId, long userId, CourseRole role) {
        require(courseId);
        if (role == null) {
            throw ApiException.invalid("role is required.");
        }
        AppUser user = users.require(userId);
        access.requireCanAssign(courseId, role);
        Enrolment enrolment = Enrolment.findFor(courseId, userId);
        if (enrolment == null) {
            enrolment = new Enrolment();
            enrolment.courseId = courseId;
            enrolment.userId = userId;
            enrolment.role = role;
            enrolment.persist();
        } else {
            access.requireCanAssign(courseId, enrolment.role);
            enrolment.role = role;
        }
        changed(courseId, userId);
        return new EnrolledUser(UserInfo.of(user), role);
    }

    /** Ends an enrolment; false when the user was not enrolled. Completion data is kept, as in Moodle. */
    public boolean unenrol(long courseId, long userId) {
        require(courseId);
        users.require(userId);
        access.require(Capability.ENROL, courseId);
        Enrolment enrolment = Enrolment.findFor(courseId, userId);
        if (enrolment == null) {
            return false;
        }
        access.requireCanAssign(courseId, enrolment.role);
        enrolment.delete();
        changed(courseId, userId);
        return true;
    }

    private void changed(long courseId, long userId) {
        enrolments.changed(courseId, userId);
        completionCache.userChanged(userId);
    }

    /** Everyone enrolled in the course with their role; teachers and up only. */
    @Transactional(Transactional.TxType.SUPPORTS)
    public List<EnrolledUser> enrolments(long courseId) {
        access.require(Capability.VIEW_ENROLMENTS, courseId);
        return enrolments.roster(courseId);
    }

    @Transactional(Transactional.TxType.SUPPORTS)
    public Course require(long courseId) {
        Course course = Course.findById(courseId);
        if (course == null) {
            throw ApiException.notFound("Course", courseId);
        }
        return course;
    }
}
