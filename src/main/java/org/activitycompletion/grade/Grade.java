package org.activitycompletion.grade;

import java.io.Serializable;
import java.time.Instant;
import java.util.Objects;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.Table;

import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

/** A user's grade in a graded activity (Moodle's final grade of the activity's grade item). */
@Entity
@Table(name = "grade")
@IdClass(Grade.Key.class)
public class Grade extends PanacheEntityBase {

    @Id
    @Column(name = "activity_id")
    public Long activityId;

    @Id
    @Column(name = "user_id")
    public Long userId;

    @JdbcTypeCode(SqlTypes.NUMERIC)
    @Column(nullable = false, precision = 12, scale = 5)
    public Double grade;

    @Column(name = "graded_at", nullable = false)
    public Instant gradedAt = Instant.now();

    public static final class Key implements Serializable {
        public Long activityId;
        public Long userId;

        public Key() {
        }

        public Key(Long activityId, Long userId) {
            this.activityId = activityId;
            this.userId = userId;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Key k && Objects.equals(activityId, k.activityId) && Objects.equals(userId, k.userId);
        }

        @Override
        public int hashCode() {
            return Objects.hash(activityId, userId);
        }
    }
}
