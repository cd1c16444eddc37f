package org.activitycompletion.modules.forum;

import java.time.Instant;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** A forum post; a reply has a parent. Deleting a post deletes its replies (database cascade). */
@Entity
@Table(name = "forum_post")
public class ForumPost extends PanacheEntityBase {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;

    @Column(name = "activity_id", nullable = false)
    public Long activityId;

    @Column(name = "discussion_id", nullable = false)
    public Long discussionId;

    @Column(name = "parent_id")
    public Long parentId;

    @Column(name = "user_id", nullable = false)
    public Long userId;

    public String subject;

    @Column(nullable = false, columnDefinition = "text")
    public String message;

    @Column(name = "created_at", nullable = false)
    public Instant createdAt = Instant.now();
}
