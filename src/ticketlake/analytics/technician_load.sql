-- What each technician carries now (open tickets they are responsible for) and did in the
-- last 30 days (tickets resolved, hours logged). Anyone who owns a ticket or logged time.
-- Hours on tickets the store does not hold are left out (time_entry_facts.ticket_stored).
-- primary_group: from group membership; main_group: the group of most of their tickets.
CREATE VIEW technician_load AS
WITH owned AS (
    SELECT f.connection, f.responsible_person_id AS person_id,
           COUNT(*) FILTER (WHERE f.is_open) AS open_tickets,
           COUNT(*) FILTER (WHERE f.is_resolved AND f.completed_at > a.as_of - INTERVAL '30 days')
               AS resolved_last_30_days
    FROM ticket_facts f
    JOIN data_as_of a ON a.connection = f.connection
    WHERE f.responsible_person_id IS NOT NULL
    GROUP BY f.connection, f.responsible_person_id
),
logged AS (
    SELECT w.connection, w.person_id,
           SUM(w.hours) AS hours_last_30_days,
           COUNT(DISTINCT w.ticket_id) AS tickets_worked_last_30_days
    FROM time_entry_facts w
    JOIN data_as_of a ON a.connection = w.connection
    WHERE w.person_id IS NOT NULL AND w.ticket_stored IS NOT FALSE
      AND w.work_date > CAST((a.as_of - INTERVAL '30 days') AT TIME ZONE 'UTC' AS DATE)
    GROUP BY w.connection, w.person_id
),
everyone AS (
    SELECT connection, person_id FROM owned
    UNION
    SELECT connection, person_id FROM logged
),
-- A membership marked primary, else the only membership (sources may not flag primaries).
primary_group AS (
    SELECT m.connection, m.person_id,
           COALESCE(MIN(g.name) FILTER (WHERE m.is_primary),
                    CASE WHEN COUNT(*) = 1 THEN MIN(g.name) END) AS group_name
    FROM group_members m
    JOIN groups g ON g.connection = m.connection AND g.id = m.group_id
    GROUP BY m.connection, m.person_id
),
-- The responsible group of most of the tickets a person owns (ties: the first name).
owned_groups AS (
    SELECT connection, responsible_person_id AS person_id, responsible_group,
           ROW_NUMBER() OVER (
               PARTITION BY connection, responsible_person_id
               ORDER BY COUNT(*) DESC, responsible_group
           ) AS rank
    FROM ticket_facts
    WHERE responsible_person_id IS NOT NULL AND responsible_group IS NOT NULL
    GROUP BY connection, responsible_person_id, responsible_group
)
SELECT e.connection, e.person_id, p.full_name AS person, pg.group_name AS primary_group,
       og.responsible_group AS main_group,
       COALESCE(o.open_tickets, 0) AS open_tickets,
       COALESCE(o.resolved_last_30_days, 0) AS resolved_last_30_days,
       COALESCE(l.hours_last_30_days, 0) AS hours_last_30_days,
       COALESCE(l.tickets_worked_last_30_days, 0) AS tickets_worked_last_30_days
FROM everyone e
LEFT JOIN owned o ON o.connection = e.connection AND o.person_id = e.person_id
LEFT JOIN logged l ON l.connection = e.connection AND l.person_id = e.person_id
LEFT JOIN people p ON p.connection = e.connection AND p.id = e.person_id
LEFT JOIN primary_group pg ON pg.connection = e.connection AND pg.person_id = e.person_id
LEFT JOIN owned_groups og
  ON og.connection = e.connection AND og.person_id = e.person_id AND og.rank = 1
