-- The supervisors' dashboard: the response rate needs each complaint's first reply deadline and first public
-- reply without reading its timeline; open deadlines are found by closed_at.

alter table complaint add column first_reply_due_at timestamp;  -- the reply deadline opened when the complaint arrived
alter table complaint add column first_replied_at timestamp;    -- the first public reply (a reply or the resolution), any tier

update complaint set first_reply_due_at = (
    select min(d.due_at) from sla_deadline d
    where d.case_ref = complaint.case_number and d.process_key = 'complaint-escalation' and d.kind = 'REPLY');
update complaint set first_replied_at = (
    select min(t.occurred_at) from complaint_timeline t
    where t.case_number = complaint.case_number and t.kind in ('REPLY', 'RESOLVED') and t.visibility = 'PUBLIC');

create index ix_sla_deadline_open on sla_deadline (closed_at, node_code);
create index ix_sla_deadline_node_breached on sla_deadline (node_code, breached_at);
