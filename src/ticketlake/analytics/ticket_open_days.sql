-- Each period a live ticket was open (ticket_open_periods), in UTC days: the ticket counts as
-- open at the end of every day from opened_day up to, not including, closed_day (NULL: still
-- open). backlog_daily adds these up; the report's ageing reads those open at one day's end.
CREATE VIEW ticket_open_days AS
SELECT p.connection, p.ticket_id, t.responsible_group_id, t.responsible_group, t.created_at,
       CAST(p.opened_at AT TIME ZONE 'UTC' AS DATE) AS opened_day,
       CAST(p.closed_at AT TIME ZONE 'UTC' AS DATE) AS closed_day
FROM ticket_open_periods p
JOIN tickets t ON t.connection = p.connection AND t.id = p.ticket_id
WHERE t.deleted_at IS NULL
