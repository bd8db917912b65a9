-- Status name -> status class, for reading status-change events (which carry names).
-- Statuses come from the reference list and, because a source may list active statuses only,
-- from the tickets themselves.
CREATE VIEW status_classes AS
SELECT connection, name, MAX(status_class) AS status_class
FROM (
    SELECT connection, name, status_class
    FROM ref_values
    WHERE kind = 'status' AND name IS NOT NULL AND status_class IS NOT NULL
    UNION
    SELECT connection, status, status_class
    FROM tickets
    WHERE status IS NOT NULL AND status_class IS NOT NULL
) AS known
GROUP BY connection, name
