package org.activitycompletion.completion;

import java.time.Instant;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/**
 * One user's completion of one activity (Moodle's course_modules_completion, with the viewed
 * flag beside it). No row means INCOMPLETE and not viewed. Unique on (activity, user).
 */
@Entity
@Table(name = "completion")
public class CompletionRecord extends PanacheEntityBase {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;

    @Column(name = "activity_id", nullable = false)
    public Long activityId;

    @Column(name = "user_id", nullable = false)
    public Long userId;

    @Enumerated(EnumType.ORDINAL)
    @Column(nullable = false)
    public CompletionState state = CompletionState.INCOMPLETE;

    @Column(nullable = false)
    public boolean viewed;

    /** When the state last became complete; null while INCOMPLETE. */
    @Column(name = "time_completed")
    public Instant timeCompleted;

    @Column(name = "overridden_by")
    public Long overriddenBy;

    /** When the state last changed (Moodle's timemodified, the WS "timecompleted"). */
    @Column(name = "time_modified", nullable = false)
    public Instant timeModified = Instant.now();
}
