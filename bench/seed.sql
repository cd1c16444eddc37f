-- One course of 50 activities and 1,000 students (plus a teacher), written straight into the
-- schema. Tokens are the usernames ("bench-student-7", "bench-teacher"), stored hashed.
insert into course (short_name, full_name) values ('BENCH', 'Benchmark course');
insert into app_user (username, full_name) values ('bench-teacher', 'Bench Teacher');
insert into app_user (username, full_name)
    select 'bench-student-' || g, 'Student ' || g from generate_series(1, 1000) g;
insert into api_token (user_id, token_hash)
    select id, sha256(convert_to(username, 'UTF8')) from app_user where username like 'bench-%';
insert into enrolment (course_id, user_id, role)
    select c.id, u.id, case when u.username = 'bench-teacher' then 'TEACHER' else 'STUDENT' end
    from course c, app_user u where c.short_name = 'BENCH' and u.username like 'bench-%';

-- 20 pages (view), 10 assignments (grade, pass 50), 10 quizzes (view + grade), 5 forums (2 posts), 5 labels (manual).
insert into activity (course_id, mod_name, name, sort_order, tracking, require_view, require_grade, grade_pass, grade_max)
    select c.id, k.mod, k.mod || ' ' || g, k.base + g, k.tracking, k.view, k.grade, k.pass, k.max
    from course c,
         (values ('page', 0, 20, 2, true, false, null::numeric, null::numeric),
                 ('assign', 20, 10, 2, false, true, 50, 100),
                 ('quiz', 30, 10, 2, true, true, null, 100),
                 ('forum', 40, 5, 2, false, false, null, null),
                 ('label', 45, 5, 1, false, false, null, null)) as k(mod, base, n, tracking, view, grade, pass, max),
         generate_series(1, 20) g
    where c.short_name = 'BENCH' and g <= k.n;
insert into activity_rule (activity_id, name, value)
    select id, 'completionposts', 2 from activity where mod_name = 'forum';

-- Every student viewed (and so completed) the first page; half have quiz grades.
insert into completion (activity_id, user_id, state, viewed, time_modified, time_completed)
    select a.id, u.id, 1, true, now(), now()
    from activity a, app_user u
    where a.sort_order = 1 and a.mod_name = 'page' and u.username like 'bench-student-%';
insert into grade (activity_id, user_id, grade)
    select a.id, u.id, (u.id * 37 + a.id) % 100
    from activity a, app_user u
    where a.mod_name = 'quiz' and u.username like 'bench-student-%' and u.id % 2 = 0;
analyze;
