-- What each write transaction changed, for every instance serving this database (feed/ChangeFeed).
-- A row is written inside the transaction that made the change, so it exists exactly when that
-- transaction committed. Instances read the rows of transactions that finished since they last
-- looked, in id order; a transaction's id is its PostgreSQL transaction id, which tells when every
-- transaction up to a point has finished (pg_snapshot_xmin). Rows are deleted after a while.
create table change_log (
    id         bigint generated always as identity primary key,
    xid        xid8        not null default pg_current_xact_id(),
    origin     uuid        not null,
    payload    text        not null,
    created_at timestamptz not null default now()
);
create index change_log_xid on change_log (xid);
create index change_log_created_at on change_log (created_at);
