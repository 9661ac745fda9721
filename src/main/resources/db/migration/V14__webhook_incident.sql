-- Webhook outage (issue 8): an event that FAILED for good raises a Camunda incident on its case's process instance
-- (type webhookDeliveryFailed, configuration = the event id); this is that incident's id while it is open, so that a
-- successful redelivery resolves it and the poller can raise it again when Camunda deleted it with the execution that
-- carried it. Null: no incident (never failed, delivered, or the case had ended).
alter table webhook_event add column incident_id varchar(64);
-- the poller looks for the events with an incident at every poll: only those rows, not the whole outbox
create index ix_webhook_event_incident on webhook_event (incident_id);
