package org.activitycompletion.user;

import java.time.Instant;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** A person who can hold tokens and enrolments. Usernames are unique. */
@Entity
@Table(name = "app_user")
public class AppUser extends PanacheEntityBase {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;

    @Column(nullable = false, unique = true, length = 100)
    public String username;

    @Column(name = "full_name", nullable = false)
    public String fullName;

    @Column(name = "site_admin", nullable = false)
    public boolean siteAdmin;

    @Column(name = "created_at", nullable = false)
    public Instant createdAt = Instant.now();

    public static AppUser findByUsername(String username) {
        return find("username", username).firstResult();
    }
}
