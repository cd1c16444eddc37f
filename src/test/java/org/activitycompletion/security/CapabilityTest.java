package org.activitycompletion.security;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.EnumSet;
import java.util.Map;
import java.util.Set;

import org.activitycompletion.course.CourseRole;
import org.junit.jupiter.api.Test;

/** The role table of the contract, written out once more by hand. */
class CapabilityTest {

    @Test
    void rolesHoldWhatTheContractGivesThem() {
        Map<CourseRole, Set<Capability>> expected = Map.of(
                CourseRole.STUDENT, EnumSet.of(Capability.VIEW_COURSE),
                CourseRole.TEACHER, EnumSet.of(Capability.VIEW_COURSE, Capability.VIEW_HIDDEN_ACTIVITIES,
                        Capability.VIEW_ENROLMENTS, Capability.VIEW_OTHERS_COMPLETION, Capability.GRADE,
                        Capability.ACT_FOR_OTHERS, Capability.MODERATE_FORUMS, Capability.OVERRIDE_COMPLETION),
                CourseRole.EDITING_TEACHER, EnumSet.allOf(Capability.class),
                CourseRole.MANAGER, EnumSet.allOf(Capability.class));
        for (CourseRole role : CourseRole.values()) {
            Set<Capability> granted = EnumSet.noneOf(Capability.class);
            for (Capability capability : Capability.values()) {
                if (capability.grantedTo(role)) {
                    granted.add(capability);
                }
            }
            assertEquals(expected.get(role), granted, role.name());
        }
        for (Capability capability : Capability.values()) {
            assertEquals(false, capability.grantedTo(null), "no role, no capability");
        }
    }

    @Test
    void assignableRolesFollowMoodleDefaults() {
        assertEquals(EnumSet.allOf(CourseRole.class), CourseRole.MANAGER.assignableRoles());
        assertEquals(EnumSet.of(CourseRole.STUDENT, CourseRole.TEACHER), CourseRole.EDITING_TEACHER.assignableRoles());
        assertEquals(Set.of(), CourseRole.TEACHER.assignableRoles());
        assertEquals(Set.of(), CourseRole.STUDENT.assignableRoles());
    }
}
