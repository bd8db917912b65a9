-- Hours logged per ISO week (of the work date), per responsible group of the ticket worked
-- on, per person. Entries not on a ticket have no group.
CREATE VIEW worklog_weekly AS
SELECT w.connection,
       CAST(date_trunc('week', CAST(w.work_date AS TIMESTAMP)) AS DATE) AS week,
       t.responsible_group_id, t.responsible_group,
       w.person_id, p.full_name AS person,
       CAST(SUM(w.minutes) AS DOUBLE PRECISION) / 60.0 AS hours,
       COUNT(*) AS entries,
       COUNT(DISTINCT w.ticket_id) AS tickets
FROM time_entries w
LEFT JOIN tickets t
  ON t.connection = w.connection AND t.id = w.ticket_id AND t.deleted_at IS NULL
LEFT JOIN people p ON p.connection = w.connection AND p.id = w.person_id
WHERE w.work_date IS NOT NULL
GROUP BY w.connection, CAST(date_trunc('week', CAST(w.work_date AS TIMESTAMP)) AS DATE),
         t.responsible_group_id, t.responsible_group, w.person_id, p.full_name
