-- Every change of a completion state, with its cause: readable by teachers.
create table completion_history (
    id           bigserial   primary key,
    activity_id  bigint      not null references activity (id) on delete cascade,
    user_id      bigint      not null references app_user (id) on delete cascade,
    old_state    smallint    not null check (old_state between 0 and 3),
    new_state    smallint    not null check (new_state between 0 and 3),
    cause        varchar(30) not null,
    actor_id     bigint      references app_user (id) on delete set null,
    changed_at   timestamptz not null default now()
);
create index completion_history_activity_user_idx on completion_history (activity_id, user_id, id);
