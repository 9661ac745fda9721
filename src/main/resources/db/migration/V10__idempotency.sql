-- Integration API (issue 7): Idempotency-Key on POST. One row per (API key, Idempotency-Key): claimed IN_PROGRESS by
-- the first request (the primary key makes a concurrent duplicate fail to claim it), COMPLETE with the answer to replay.
-- Rows older than gongzhi.api.idempotency.retention are purged; the key can then be used again.

create table idempotency_record (
    api_key_id             varchar(36)   not null,   -- api_key.id: records are per key, never shared between channels
    idem_key               varchar(255)  not null,   -- the Idempotency-Key header as sent (1–255 visible ASCII)
    request_hash           varchar(64)   not null,   -- SHA-256 (hex) of method, path, query, resident and body
    state                  varchar(12)   not null,   -- IN_PROGRESS, COMPLETE
    response_status        integer,
    response_content_type  varchar(200),
    response_location      varchar(1000),
    response_body          text,
    created_at             timestamp     not null,
    completed_at           timestamp,
    primary key (api_key_id, idem_key),
    constraint ck_idempotency_state check (state in ('IN_PROGRESS', 'COMPLETE'))
);
create index ix_idempotency_created on idempotency_record (created_at);
