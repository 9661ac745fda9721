-- Reliability (issue 8): the Idempotency-Key that created a case is stored with the case, in the case's own transaction,
-- and may create one case per API key only. A request that dies between storing its case and storing its answer leaves
-- its idempotency claim unfinished; the retry that takes the claim over later then meets this index instead of creating
-- a second case, and is answered with the first one. Cases created without a key keep null (nulls never collide).
alter table case_origin add column idempotency_key varchar(255);
create unique index ux_case_origin_idempotency on case_origin (api_key_id, idempotency_key);
