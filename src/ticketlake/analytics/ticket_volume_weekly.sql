-- Tickets created and resolved per ISO week (Monday, UTC): ticket_volume_daily added up by
-- week, with the same responsible group, dimension and value columns.
CREATE VIEW ticket_volume_weekly AS
SELECT connection, week, responsible_group_id, responsible_group, dimension, value,
       CAST(SUM(created) AS BIGINT) AS created,
       CAST(SUM(resolved) AS BIGINT) AS resolved
FROM ticket_volume_daily
GROUP BY connection, week, responsible_group_id, responsible_group, dimension, value
