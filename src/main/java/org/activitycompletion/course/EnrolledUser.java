package org.activitycompletion.course;

import org.activitycompletion.user.UserInfo;

/** A user with their role in one course. */
public record EnrolledUser(UserInfo user, CourseRole role) {
}
