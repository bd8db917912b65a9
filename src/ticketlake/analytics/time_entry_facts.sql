-- One row per time entry: its work date (and ISO week), hours, person, and the ticket it was
-- logged on with that ticket's responsible group. ticket_stored says whether the store holds
-- that ticket: TRUE when it does, FALSE when the entry names a ticket the store does not hold
-- (one the integration account cannot see, another application's, or a deleted one), NULL
-- for an entry on no ticket. Hours on tickets not stored have no group.
CREATE VIEW time_entry_facts AS
SELECT w.connection, w.id AS entry_id, w.ticket_id, w.task_id, w.work_date,
       CAST(date_trunc('week', CAST(w.work_date AS TIMESTAMP)) AS DATE) AS week,
       CAST(w.minutes AS DOUBLE PRECISION) / 60.0 AS hours,
       w.person_id, p.full_name AS person,
       t.responsible_group_id, t.responsible_group,
       CASE WHEN w.ticket_id IS NOT NULL THEN t.id IS NOT NULL END AS ticket_stored
FROM time_entries w
LEFT JOIN tickets t
  ON t.connection = w.connection AND t.id = w.ticket_id AND t.deleted_at IS NULL
LEFT JOIN people p ON p.connection = w.connection AND p.id = w.person_id
