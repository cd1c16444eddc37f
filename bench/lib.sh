# Shared by the bench scripts (sourced; needs $root, and $bench and $db where a function uses them).

# For a script that runs services until it ends: sets $work (a temporary folder) and $pids (the
# processes to stop when the script exits, whatever way); builds target/quarkus-app unless $APP
# names another build.
begin_run() {
    work="$(mktemp -d)"
    pids=()
    trap 'for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; wait 2>/dev/null || true' EXIT
    [ -n "${APP:-}" ] || [ -f "$root/target/quarkus-app/quarkus-run.jar" ] || (cd "$root" && ./mvnw -q package -DskipTests)
}

# One value from the benchmark database.
q() { psql -h 127.0.0.1 -U postgres -d "$db" -Atc "$1"; }

# The seeded course's ids the Lua scenarios read (bench/lua/common.lua), exported.
export_seed_ids() {
    export COURSE="$(q "select id from course where short_name = 'BENCH'")"
    export STUDENT_BASE="$(q "select min(id) - 1 from app_user where username like 'bench-student-%'")"
    [ "$(q "select count(*) from app_user where username = 'bench-student-' || (id - $STUDENT_BASE)")" = 1000 ]
    export USERS=1000
    export PAGES="$(q "select string_agg(id::text, ',' order by sort_order) from activity where mod_name = 'page'")"
    export ASSIGNS="$(q "select string_agg(id::text, ',' order by sort_order) from activity where mod_name = 'assign'")"
    export FIRST=1 SPAN=1000 LUA_DIR="$bench/lua"
}

# Starts the service of quarkus-app folder $APP (default target/quarkus-app), or the native
# executable $APP (./mvnw package -Dnative), on database $db, port $1, logging to $2, with JVM or
# runtime options after those; waits until it is ready. Sets service_pid.
start_service() {
    local port="$1" log="$2" app="${APP:-$root/target/quarkus-app}"
    shift 2
    if [ -f "$app" ] && [ -x "$app" ]; then
        QUARKUS_DATASOURCE_JDBC_URL="jdbc:postgresql://127.0.0.1:5432/$db" QUARKUS_DATASOURCE_USERNAME=postgres \
            COMPLETION_ADMIN_TOKEN=bench-admin "$app" "$@" -Dquarkus.http.port="$port" -Dquarkus.log.level=WARN \
            > "$log" 2>&1 &
    else
        (cd "$app" && QUARKUS_DATASOURCE_JDBC_URL="jdbc:postgresql://127.0.0.1:5432/$db" \
            QUARKUS_DATASOURCE_USERNAME=postgres COMPLETION_ADMIN_TOKEN=bench-admin \
            exec "${JAVA:-java}" "$@" -Dquarkus.http.port="$port" -Dquarkus.log.level=WARN -jar quarkus-run.jar \
            > "$log" 2>&1) &
    fi
    service_pid=$!
    until curl -fs -o /dev/null "http://127.0.0.1:$port/q/health/ready"; do
        kill -0 $service_pid 2>/dev/null || { echo "the service did not start; see $log" >&2; return 1; }
        sleep 0.2
    done
}

# Drops and creates the benchmark database $db, starts the service on it (port $1, log $2; Flyway
# migrates the empty database) and seeds it with bench/seed.sql. Leaves the service running
# (service_pid).
create_seeded_database() {
    psql -q -h 127.0.0.1 -U postgres -c "drop database if exists $db" -c "create database $db"
    start_service "$@"
    psql -q -h 127.0.0.1 -U postgres -d "$db" -f "$bench/seed.sql"
}

# Starts the packaged service for a start-up measurement: the native executable $BENCH_BINARY,
# else target/quarkus-app on the java $1; on BENCH_JDBC_URL (default: the local "bench" database),
# port $2, output to $3, with the options after those before the service's own. Sets launched_pid.
launch_packaged() {
    local java="$1" port="$2" log="$3" url="${BENCH_JDBC_URL:-jdbc:postgresql://127.0.0.1:5432/bench}"
    shift 3
    if [ -n "${BENCH_BINARY:-}" ]; then
        QUARKUS_DATASOURCE_JDBC_URL="$url" QUARKUS_DATASOURCE_USERNAME="${BENCH_DB_USER:-postgres}" \
            COMPLETION_ADMIN_TOKEN=bench-admin "$BENCH_BINARY" "$@" -Dquarkus.http.port="$port" > "$log" 2>&1 &
    else
        (cd "$root/target/quarkus-app" && QUARKUS_DATASOURCE_JDBC_URL="$url" \
            QUARKUS_DATASOURCE_USERNAME="${BENCH_DB_USER:-postgres}" COMPLETION_ADMIN_TOKEN=bench-admin \
            exec "$java" "$@" -Dquarkus.http.port="$port" -jar quarkus-run.jar > "$log" 2>&1) &
    fi
    launched_pid=$!
}

# Reads lines "<ms to the first answer> <RSS in MB>", one per start, and prints title $1, then the
# median (min, max) of the times, labelled $2, and the median of the RSS figures.
report_starts() {
    local lines ms rss m
    lines="$(cat)"
    ms=($(cut -d' ' -f1 <<< "$lines" | sort -n))
    rss=($(cut -d' ' -f2 <<< "$lines" | sort -n))
    m=$(( (${#ms[@]} - 1) / 2 ))
    printf '%s\n  %s: median %d ms (min %d, max %d) over %d runs\n  RSS after start: median %d MB\n' \
        "$1" "$2" "${ms[m]}" "${ms[0]}" "${ms[-1]}" "${#ms[@]}" "${rss[m]}"
}

# Waits for process $1's first answer to { __typename } on port $2; prints its log $3 and fails
# if it dies first.
await_first_answer() {
    until curl -fs -o /dev/null -H 'Content-Type: application/json' -d '{"query":"{ __typename }"}' \
            "http://127.0.0.1:$2/graphql"; do
        kill -0 "$1" 2>/dev/null || { cat "$3"; return 1; }
        sleep 0.01
    done
}
