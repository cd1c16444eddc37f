package org.activitycompletion.activity;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.CollectionTable;
import jakarta.persistence.Column;
import jakarta.persistence.ElementCollection;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.FetchType;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.MapKeyColumn;
import jakarta.persistence.Table;

import org.activitycompletion.completion.CompletionTracking;
import org.hibernate.annotations.BatchSize;
import org.hibernate.annotations.Generated;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

/** An activity of a course: Moodle's course module ({@code id} is the cmid). */
@Entity
@Table(name = "activity")
public class Activity extends PanacheEntityBase {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;

    @Column(name = "course_id", nullable = false)
    public Long courseId;

    @Column(name = "mod_name", nullable = false, length = 30)
    public String modName;

    /** The module's own instance id (forum.id, assign.id, ...), given by the database. */
    @Generated
    @Column(insertable = false, updatable = false)
    public Long instance;

    @Column(nullable = false)
    public String name;

    @Column(nullable = false)
    public boolean visible = true;

    @Column(name = "sort_order", nullable = false)
    public int sortOrder;

    @Enumerated(EnumType.ORDINAL)
    @Column(nullable = false)
    public CompletionTracking tracking = CompletionTracking.NONE;

    @Column(name = "require_view", nullable = false)
    public boolean requireView;

    @Column(name = "require_grade", nullable = false)
    public boolean requireGrade;

    @Column(name = "require_pass_grade", nullable = false)
    public boolean requirePassGrade;

    @JdbcTypeCode(SqlTypes.NUMERIC)
    @Column(name = "grade_pass", precision = 12, scale = 5)
    public Double gradePass;

    @JdbcTypeCode(SqlTypes.NUMERIC)
    @Column(name = "grade_max", precision = 12, scale = 5)
    public Double gradeMax;

    @Column(name = "expected_by")
    public Instant expectedBy;

    /** Bumped by every settings change, so events can tell a stale snapshot. */
    @Column(name = "settings_version", nullable = false)
    public int settingsVersion;

    /** Enabled module rules by name (forum completionposts = 3); a rule that is off has no entry. */
    @ElementCollection(fetch = FetchType.LAZY)
    @CollectionTable(name = "activity_rule", joinColumns = @JoinColumn(name = "activity_id"))
    @MapKeyColumn(name = "name", length = 50)
    @Column(name = "value")
    @BatchSize(size = 256)
    public Map<String, Integer> customRules = new LinkedHashMap<>();

    @Column(name = "created_at", nullable = false)
    public Instant createdAt = Instant.now();

    public CompletionSettings completionSettings() {
        return new CompletionSettings(tracking, requireView, requireGrade, requirePassGrade, gradePass, gradeMax,
                expectedBy, Map.copyOf(customRules));
    }

    public void apply(CompletionSettings settings) {
        settingsVersion++;
        tracking = settings.tracking();
        requireView = settings.requireView();
        requireGrade = settings.requireGrade();
        requirePassGrade = settings.requirePassGrade();
        gradePass = settings.gradePass();
        gradeMax = settings.gradeMax();
        expectedBy = settings.expectedBy();
        customRules.clear();
        customRules.putAll(settings.customRules());
    }
}
