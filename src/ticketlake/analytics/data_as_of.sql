-- The data's "now" per connection: the latest activity the store holds. Ages and "last 30
-- days" are measured from it, so a report on last month's extract reads as of last month.
CREATE VIEW data_as_of AS
SELECT connection, MAX(happened_at) AS as_of
FROM (
    SELECT connection, created_at AS happened_at FROM tickets WHERE deleted_at IS NULL
    UNION ALL
    SELECT connection, modified_at FROM tickets WHERE deleted_at IS NULL
    UNION ALL
    SELECT connection, completed_at FROM tickets WHERE deleted_at IS NULL
    UNION ALL
    SELECT connection, created_at FROM ticket_events
) AS activity
GROUP BY connection
