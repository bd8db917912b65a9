-- What each responsible group carries now (as of data_as_of) and did in the last 30 days.
CREATE VIEW group_load AS
WITH tickets_now AS (
    SELECT f.connection, f.responsible_group_id,
           MAX(f.responsible_group) AS responsible_group,
           COUNT(*) FILTER (WHERE f.is_open) AS open_tickets,
           COUNT(*) FILTER (WHERE f.is_open AND f.responsible_person_id IS NULL)
               AS open_unassigned,
           COUNT(*) FILTER (WHERE f.is_open AND f.open_age_days > 30) AS open_over_30_days,
           COUNT(*) FILTER (WHERE f.created_at > a.as_of - INTERVAL '30 days')
               AS created_last_30_days,
           COUNT(*) FILTER (WHERE f.is_resolved AND f.completed_at > a.as_of - INTERVAL '30 days')
               AS resolved_last_30_days
    FROM ticket_facts f
    JOIN data_as_of a ON a.connection = f.connection
    GROUP BY f.connection, f.responsible_group_id
),
hours AS (
    SELECT w.connection, t.responsible_group_id,
           CAST(SUM(w.minutes) AS DOUBLE PRECISION) / 60.0 AS hours_last_30_days
    FROM time_entries w
    JOIN tickets t ON t.connection = w.connection AND t.id = w.ticket_id
    JOIN data_as_of a ON a.connection = w.connection
    WHERE t.deleted_at IS NULL
      AND w.work_date > CAST((a.as_of - INTERVAL '30 days') AT TIME ZONE 'UTC' AS DATE)
    GROUP BY w.connection, t.responsible_group_id
),
members AS (
    SELECT connection, group_id, COUNT(*) AS members
    FROM group_members
    GROUP BY connection, group_id
)
SELECT n.connection, n.responsible_group_id, n.responsible_group,
       COALESCE(m.members, 0) AS members,
       n.open_tickets, n.open_unassigned, n.open_over_30_days,
       n.created_last_30_days, n.resolved_last_30_days,
       COALESCE(h.hours_last_30_days, 0) AS hours_last_30_days
FROM tickets_now n
LEFT JOIN hours h
  ON h.connection = n.connection
 AND h.responsible_group_id IS NOT DISTINCT FROM n.responsible_group_id
LEFT JOIN members m ON m.connection = n.connection AND m.group_id = n.responsible_group_id
