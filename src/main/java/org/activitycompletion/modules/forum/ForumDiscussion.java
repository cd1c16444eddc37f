package org.activitycompletion.modules.forum;

import java.time.Instant;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** A discussion of a forum activity; its first post is the one without a parent. */
@Entity
@Table(name = "forum_discussion")
public class ForumDiscussion extends PanacheEntityBase {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;

    @Column(name = "activity_id", nullable = false)
    public Long activityId;

    @Column(name = "user_id", nullable = false)
    public Long userId;

    @Column(nullable = false)
    public String subject;

    @Column(name = "created_at", nullable = false)
    public Instant createdAt = Instant.now();
}
