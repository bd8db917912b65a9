-- Every moment a ticket's state (open or closed) was set: its creation (open), each
-- status-change event whose new status has a known class, and, when the ticket's current
-- status disagrees with the last recorded state (a change the history missed), one closing
-- change at the later of its completion time and that last recorded change.
-- Closed = status class completed or cancelled; every other class counts as open.
CREATE VIEW ticket_state_changes AS
WITH live AS (
    SELECT connection, id, created_at, modified_at, completed_at,
           COALESCE(status_class NOT IN ('completed', 'cancelled'), TRUE) AS open_now
    FROM tickets
    WHERE deleted_at IS NULL AND created_at IS NOT NULL
),
recorded AS (
    SELECT connection, id AS ticket_id, created_at AS changed_at, TRUE AS is_open,
           0 AS seq, '' AS event_id
    FROM live
    UNION ALL
    SELECT e.connection, e.ticket_id, GREATEST(e.created_at, l.created_at),
           c.status_class NOT IN ('completed', 'cancelled'), 1, e.id
    FROM ticket_events e
    JOIN live l ON l.connection = e.connection AND l.id = e.ticket_id
    JOIN status_classes c ON c.connection = e.connection AND c.name = e.to_status
    WHERE e.kind = 'status_change' AND e.created_at IS NOT NULL
),
last_recorded AS (
    SELECT connection, ticket_id, changed_at, is_open,
           ROW_NUMBER() OVER (
               PARTITION BY connection, ticket_id
               ORDER BY changed_at DESC, seq DESC, event_id DESC
           ) AS recency
    FROM recorded
)
SELECT connection, ticket_id, changed_at, is_open, seq, event_id
FROM recorded
UNION ALL
SELECT l.connection, l.id, GREATEST(
           CASE WHEN l.open_now THEN l.modified_at
                ELSE COALESCE(l.completed_at, l.modified_at) END,
           r.changed_at),
       l.open_now, 2, ''
FROM live l
JOIN last_recorded r
  ON r.connection = l.connection AND r.ticket_id = l.id AND r.recency = 1
WHERE r.is_open <> l.open_now
