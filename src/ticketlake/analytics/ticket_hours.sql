-- Worklog per ticket: hours logged on the ticket and its tasks, entries, people who logged.
CREATE VIEW ticket_hours AS
SELECT connection, ticket_id,
       CAST(SUM(minutes) AS DOUBLE PRECISION) / 60.0 AS hours,
       COUNT(*) AS entries,
       COUNT(DISTINCT person_id) AS people
FROM time_entries
WHERE ticket_id IS NOT NULL
GROUP BY connection, ticket_id
