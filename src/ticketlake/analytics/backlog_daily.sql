-- Open tickets at the end of each UTC day, per responsible group, reconstructed from each
-- ticket's open periods (so a ticket reopened after completion counts as open again from the
-- day it was reopened). opened / closed: tickets that became open (new or reopened) / closed
-- that day. Days run from the connection's first ticket to its data_as_of day.
CREATE VIEW backlog_daily AS
WITH moves AS (
    SELECT connection, responsible_group_id, opened_day AS day, 1 AS opened, 0 AS closed
    FROM ticket_open_days
    UNION ALL
    SELECT connection, responsible_group_id, closed_day, 0, 1
    FROM ticket_open_days
    WHERE closed_day IS NOT NULL
),
daily AS (
    SELECT connection, responsible_group_id, day,
           CAST(SUM(opened) AS BIGINT) AS opened, CAST(SUM(closed) AS BIGINT) AS closed
    FROM moves
    GROUP BY connection, responsible_group_id, day
),
group_names AS (
    SELECT connection, responsible_group_id, MAX(responsible_group) AS responsible_group
    FROM tickets
    WHERE deleted_at IS NULL
    GROUP BY connection, responsible_group_id
),
bounds AS (
    SELECT d.connection, MIN(d.day) AS first_day,
           CAST(MAX(a.as_of) AT TIME ZONE 'UTC' AS DATE) AS last_day
    FROM daily d
    JOIN data_as_of a ON a.connection = d.connection
    GROUP BY d.connection
),
calendar AS (
    SELECT b.connection, CAST(g.d AS DATE) AS day
    FROM bounds b
    CROSS JOIN LATERAL generate_series(
        CAST(b.first_day AS TIMESTAMP), CAST(b.last_day AS TIMESTAMP), INTERVAL '1 day'
    ) AS g(d)
)
SELECT c.connection, c.day, n.responsible_group_id, n.responsible_group,
       CAST(SUM(COALESCE(d.opened, 0) - COALESCE(d.closed, 0)) OVER (
           PARTITION BY c.connection, n.responsible_group_id ORDER BY c.day
       ) AS BIGINT) AS open_tickets,
       COALESCE(d.opened, 0) AS opened,
       COALESCE(d.closed, 0) AS closed
FROM calendar c
JOIN group_names n ON n.connection = c.connection
LEFT JOIN daily d
  ON d.connection = c.connection AND d.day = c.day
 AND d.responsible_group_id IS NOT DISTINCT FROM n.responsible_group_id
