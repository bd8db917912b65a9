-- Hours logged per ISO week (of the work date), per responsible group of the ticket worked
-- on, per person, and by whether the store holds that ticket (ticket_stored, as in
-- time_entry_facts). Entries not on a stored ticket have no group.
CREATE VIEW worklog_weekly AS
SELECT connection, week, responsible_group_id, responsible_group, person_id, person,
       ticket_stored,
       SUM(hours) AS hours,
       COUNT(*) AS entries,
       COUNT(DISTINCT ticket_id) AS tickets
FROM time_entry_facts
WHERE work_date IS NOT NULL
GROUP BY connection, week, responsible_group_id, responsible_group, person_id, person,
         ticket_stored
