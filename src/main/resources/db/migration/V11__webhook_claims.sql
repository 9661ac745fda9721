-- Webhook outbox, second round (review of issue 7): who holds a claim, and each event's predecessor in its case.

-- The claim token of the dispatcher attempt that holds the event (with claimed_until). Every result of an attempt
-- (delivered, failed, given up) is written only while the attempt still holds the claim, so a delivery that outlasted
-- its claim cannot overwrite what another node did with the event meanwhile.
alter table webhook_event add column claimed_by varchar(36);

-- The id of the previous event queued for the same case and channel (null for the case's first): sent as
-- previousEventId, so that a receiver can tell that an event of the case is missing.
alter table webhook_event add column previous_event_id varchar(36);
