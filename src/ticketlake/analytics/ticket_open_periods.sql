-- The periods each ticket was open: from a change that opened it (creation or a reopen) to
-- the change that closed it (NULL while still open). Repeated changes to the same state
-- (e.g. In Process -> On Hold) do not start a new period.
CREATE VIEW ticket_open_periods AS
WITH ordered AS (
    SELECT connection, ticket_id, changed_at, is_open, seq, event_id,
           LAG(is_open) OVER (
               PARTITION BY connection, ticket_id ORDER BY changed_at, seq, event_id
           ) AS was_open
    FROM ticket_state_changes
),
flips AS (
    SELECT connection, ticket_id, changed_at, is_open, seq, event_id,
           LEAD(changed_at) OVER (
               PARTITION BY connection, ticket_id ORDER BY changed_at, seq, event_id
           ) AS next_change_at
    FROM ordered
    WHERE was_open IS NULL OR was_open <> is_open
)
SELECT connection, ticket_id, changed_at AS opened_at, next_change_at AS closed_at,
       ROW_NUMBER() OVER (
           PARTITION BY connection, ticket_id ORDER BY changed_at, seq, event_id
       ) - 1 AS reopen_number
FROM flips
WHERE is_open
