-- Each extension request belongs to the sla-extension process instance that carries it: the decision and its
-- application look the request up by their own instance, never by a variable a caller could set.
alter table sla_extension add column process_instance_id varchar(64);
create index ix_sla_extension_instance on sla_extension (process_instance_id);
