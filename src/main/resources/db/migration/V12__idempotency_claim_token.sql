-- Idempotency-Key: the request that claimed a key marks its claim, so that only it can complete or give it up (a request
-- taken for dead and replaced by a retry can no longer write into, or delete, the retry's claim).
alter table idempotency_record add column claim_token varchar(36);
