-- Integration API (issue 7): channels' and integrators' API keys, and which channel (and resident) created each case.

create table api_key (
    id                     varchar(36)   primary key,           -- public id, shown in lists and logs
    name                   varchar(100)  not null,
    channel                varchar(32)   not null,              -- the channel or integrator holding the key; webhooks go to it
    key_prefix             varchar(12)   not null,              -- the key's first characters, to recognise it in a list
    key_hash               varchar(64)   not null unique,       -- SHA-256 (hex) of the whole key; the key itself is never stored
    node_codes             varchar(2000) not null,              -- jurisdiction nodes, comma-separated; each covers its subtree
    resources              varchar(500)  not null,              -- resources it may call, comma-separated (complaints, volunteer-orders …)
    resident_scoped        boolean       not null,              -- a resident channel: every call names its resident (X-Resident-Id)
    rate_limit_per_minute  integer       not null,
    created_by             varchar(64)   not null,
    created_at             timestamp     not null,
    revoked_by             varchar(64),
    revoked_at             timestamp
);

-- One row per case created through the API: the key's channel (where its webhooks go) and, when the channel
-- named one, the resident (SHA-256 of channel and the channel's resident id) who alone may read it back.
create table case_origin (
    case_ref      varchar(32)  primary key,   -- case, order, submission or application number
    case_kind     varchar(16)  not null,      -- COMPLAINT, VOLUNTEER_ORDER, CONTENT, MERCHANT
    channel       varchar(32)  not null,
    api_key_id    varchar(36)  not null,
    resident_ref  varchar(64),
    created_at    timestamp    not null
);
create index ix_case_origin_resident on case_origin (resident_ref);
