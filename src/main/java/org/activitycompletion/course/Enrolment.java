package org.activitycompletion.course;

import java.io.Serializable;
import java.time.Instant;
import java.util.Objects;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.Table;

/** A user's enrolment in a course, with the one role it gives there. */
@Entity
@Table(name = "enrolment")
@IdClass(Enrolment.Key.class)
public class Enrolment extends PanacheEntityBase {

    @Id
    @Column(name = "course_id")
    public Long courseId;

    @Id
    @Column(name = "user_id")
    public Long userId;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false, length = 20)
    public CourseRole role;

    @Column(name = "created_at", nullable = false)
    public Instant createdAt = Instant.now();

    public static Enrolment findFor(long courseId, long userId) {
        return findById(new Key(courseId, userId));
    }

    public static final class Key implements Serializable {
        public Long courseId;
        public Long userId;

        public Key() {
        }

        public Key(Long courseId, Long userId) {
            this.courseId = courseId;
            this.userId = userId;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Key k && Objects.equals(courseId, k.courseId) && Objects.equals(userId, k.userId);
        }

        @Override
        public int hashCode() {
            return Objects.hash(courseId, userId);
        }
    }
}
