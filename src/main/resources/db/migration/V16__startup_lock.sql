-- Reliability (issue 8): nodes starting at the same moment on one database provision groups, authorizations and
-- Tasklist filters one after the other. Each takes this row's lock (select … for update) for its provisioning; without
-- it two nodes restarted together updated the same filters in one transaction each and one died of a deadlock.
create table startup_lock (
    name varchar(64) primary key
);
insert into startup_lock (name) values ('provisioning');
