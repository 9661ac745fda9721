-- Privacy review fixes (issue 8): the purge finds its candidates by index, and one node at a time runs it.

-- The purge's candidate queries: "status in (closed ones) and <closed time> < cutoff order by <closed time>". Plain
-- composite indexes (status first) serve them on H2 and PostgreSQL alike; Flyway runs the same scripts on both, and a
-- partial index (where status = 'CLOSED') would not parse on H2.
create index ix_complaint_closed on complaint (status, closed_at);
create index ix_volunteer_order_closed on volunteer_order (status, closed_at);
create index ix_content_submission_closed on content_submission (status, updated_at);
create index ix_merchant_application_closed on merchant_application (status, updated_at);
-- notices that belong to no case (the supervisors' daily digest) are erased by age
create index ix_notification_created on notification (case_ref, created_at);

-- One lease per periodic job run by one node at a time (the personal-data purge): taken by a conditional update that
-- only succeeds when the lease is free or expired (a node that died mid-run does not block the others for ever).
create table job_lease (
    name         varchar(64)  not null primary key,
    locked_by    varchar(200),
    locked_until timestamp
);
insert into job_lease (name) values ('personal-data-purge');
