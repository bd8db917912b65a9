-- Tickets created and resolved per UTC day (with its ISO week, named by its Monday), per
-- responsible group, broken down by one dimension at a time: dimension 'all' (value 'all'),
-- 'type', 'category', 'priority', 'source', 'kind', 'group', or 'attribute:<custom attribute
-- name>'. A missing value reads '(none)'. Created counts a ticket on the day it was created,
-- resolved on the day of its final completion. Sum over responsible groups for desk-wide
-- figures; ticket_volume_weekly adds the days up by week.
CREATE VIEW ticket_volume_daily AS
WITH dims AS (
    SELECT f.connection, f.ticket_id, f.created_day, f.created_week, f.completed_day,
           f.completed_week, f.responsible_group_id, f.responsible_group, d.dimension, d.value
    FROM ticket_facts f
    CROSS JOIN LATERAL (
        VALUES ('all', 'all'), ('type', f.type), ('category', f.category),
               ('priority', f.priority), ('source', f.source), ('kind', f.kind),
               ('group', f.responsible_group)
    ) AS d(dimension, value)
    UNION ALL
    SELECT f.connection, f.ticket_id, f.created_day, f.created_week, f.completed_day,
           f.completed_week, f.responsible_group_id, f.responsible_group,
           'attribute:' || a.name, a.value
    FROM ticket_facts f
    JOIN ticket_attributes a ON a.connection = f.connection AND a.ticket_id = f.ticket_id
    WHERE a.value IS NOT NULL AND a.value <> ''
)
SELECT d.connection, w.day, w.week, d.responsible_group_id, d.responsible_group,
       d.dimension, COALESCE(d.value, '(none)') AS value,
       CAST(SUM(w.created) AS BIGINT) AS created,
       CAST(SUM(w.resolved) AS BIGINT) AS resolved
FROM dims d
CROSS JOIN LATERAL (
    VALUES (d.created_day, d.created_week, 1, 0), (d.completed_day, d.completed_week, 0, 1)
) AS w(day, week, created, resolved)
WHERE w.day IS NOT NULL
GROUP BY d.connection, w.day, w.week, d.responsible_group_id, d.responsible_group,
         d.dimension, COALESCE(d.value, '(none)')
