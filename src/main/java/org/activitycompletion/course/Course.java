package org.activitycompletion.course;

import java.time.Instant;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** A course; {@code enableCompletion} is Moodle's course.enablecompletion. */
@Entity
@Table(name = "course")
public class Course extends PanacheEntityBase {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;

    @Column(name = "short_name", nullable = false, unique = true, length = 100)
    public String shortName;

    @Column(name = "full_name", nullable = false)
    public String fullName;

    @Column(name = "enable_completion", nullable = false)
    public boolean enableCompletion = true;

    @Column(name = "created_at", nullable = false)
    public Instant createdAt = Instant.now();
}
