-- The whole data model of the service. Names follow Moodle where a Moodle table exists:
-- activity = course_modules (id = cmid), completion = course_modules_completion.

create table app_user (
    id          bigserial    primary key,
    username    varchar(100) not null,
    full_name   varchar(255) not null,
    site_admin  boolean      not null default false,
    created_at  timestamptz  not null default now(),
    constraint app_user_username_unique unique (username)
);

-- Opaque bearer tokens; only their SHA-256 is stored.
create table api_token (
    id          bigserial   primary key,
    user_id     bigint      not null references app_user (id) on delete cascade,
    token_hash  bytea       not null,
    created_at  timestamptz not null default now(),
    revoked_at  timestamptz,
    constraint api_token_hash_unique unique (token_hash)
);
create index api_token_user_idx on api_token (user_id);

create table course (
    id                 bigserial    primary key,
    short_name         varchar(100) not null,
    full_name          varchar(255) not null,
    enable_completion  boolean      not null default true,
    created_at         timestamptz  not null default now(),
    constraint course_short_name_unique unique (short_name)
);

create table enrolment (
    course_id   bigint      not null references course (id) on delete cascade,
    user_id     bigint      not null references app_user (id) on delete cascade,
    role        varchar(20) not null
                check (role in ('STUDENT', 'TEACHER', 'EDITING_TEACHER', 'MANAGER')),
    created_at  timestamptz not null default now(),
    primary key (course_id, user_id)
);
create index enrolment_user_idx on enrolment (user_id);

-- Module instance ids (Moodle's forum.id, assign.id, ...): one sequence serves every module.
create sequence module_instance_seq;

create table activity (
    id                  bigserial    primary key,
    course_id           bigint       not null references course (id) on delete cascade,
    mod_name            varchar(30)  not null,
    instance            bigint       not null default nextval('module_instance_seq'),
    name                varchar(255) not null,
    visible             boolean      not null default true,
    sort_order          integer      not null,
    -- 0 NONE, 1 MANUAL, 2 AUTOMATIC (Moodle's course_modules.completion)
    tracking            smallint     not null check (tracking between 0 and 2),
    require_view        boolean      not null default false,
    require_grade       boolean      not null default false,
    require_pass_grade  boolean      not null default false,
    grade_pass          numeric(12, 5) check (grade_pass is null or grade_pass >= 0),
    grade_max           numeric(12, 5) check (grade_max is null or grade_max > 0),
    expected_by         timestamptz,
    -- bumped by every settings change: events check it under a share lock (see CompletionStore.lock)
    settings_version    integer      not null default 0,
    created_at          timestamptz  not null default now(),
    constraint activity_instance_unique unique (mod_name, instance),
    constraint activity_pass_needs_grade check (not require_pass_grade or require_grade)
);
create index activity_course_order_idx on activity (course_id, sort_order);

-- Module custom completion rules (forum completionposts = 3, ...). No row = rule off.
create table activity_rule (
    activity_id  bigint      not null references activity (id) on delete cascade,
    name         varchar(50) not null,
    value        integer     not null check (value > 0),
    primary key (activity_id, name)
);

-- One row per activity and user. state: 0 INCOMPLETE, 1 COMPLETE, 2 COMPLETE_PASS, 3 COMPLETE_FAIL.
create table completion (
    id              bigserial   primary key,
    activity_id     bigint      not null references activity (id) on delete cascade,
    user_id         bigint      not null references app_user (id) on delete cascade,
    state           smallint    not null default 0 check (state between 0 and 3),
    viewed          boolean     not null default false,
    time_completed  timestamptz,
    overridden_by   bigint      references app_user (id) on delete set null,
    -- when the state last changed (Moodle's timemodified); null while it never has
    time_modified   timestamptz,
    constraint completion_activity_user_unique unique (activity_id, user_id)
);
create index completion_user_idx on completion (user_id);

create table grade (
    activity_id  bigint         not null references activity (id) on delete cascade,
    user_id      bigint         not null references app_user (id) on delete cascade,
    grade        numeric(12, 5) not null,
    graded_at    timestamptz    not null default now(),
    primary key (activity_id, user_id)
);
create index grade_user_idx on grade (user_id);

create table forum_discussion (
    id           bigserial    primary key,
    activity_id  bigint       not null references activity (id) on delete cascade,
    user_id      bigint       not null references app_user (id) on delete cascade,
    subject      varchar(255) not null,
    created_at   timestamptz  not null default now()
);
create index forum_discussion_activity_user_idx on forum_discussion (activity_id, user_id);

-- Deleting a post deletes its replies (as Moodle's forum_delete_post does).
create table forum_post (
    id             bigserial    primary key,
    activity_id    bigint       not null references activity (id) on delete cascade,
    discussion_id  bigint       not null references forum_discussion (id) on delete cascade,
    parent_id      bigint       references forum_post (id) on delete cascade,
    user_id        bigint       not null references app_user (id) on delete cascade,
    subject        varchar(255),
    message        text         not null,
    created_at     timestamptz  not null default now()
);
create index forum_post_activity_user_idx on forum_post (activity_id, user_id);
create index forum_post_discussion_idx on forum_post (discussion_id);
create index forum_post_parent_idx on forum_post (parent_id);
