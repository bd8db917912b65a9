-- One row per live ticket with the measures a service desk reports on.
-- Times are hours between UTC instants (calendar time, not business hours); days and weeks
-- are UTC calendar days and ISO weeks (starting Monday).
CREATE VIEW ticket_facts AS
WITH reopens AS (
    SELECT connection, ticket_id, COUNT(*) - 1 AS reopen_count
    FROM ticket_open_periods
    GROUP BY connection, ticket_id
),
base AS (
    SELECT t.*, a.as_of,
           COALESCE(t.status_class NOT IN ('completed', 'cancelled'), TRUE) AS is_open,
           t.status_class = 'completed' AND t.completed_at IS NOT NULL AS is_resolved
    FROM tickets t
    JOIN data_as_of a ON a.connection = t.connection
    WHERE t.deleted_at IS NULL AND t.created_at IS NOT NULL
)
SELECT b.connection, b.id AS ticket_id, b.number, b.title, b.kind,
       b.type, b.category, b.priority, pr.sort_order AS priority_order, b.source,
       b.status, b.status_class, b.is_open, b.is_resolved,
       b.responsible_group_id, b.responsible_group, b.responsible_person_id, b.requester_id,
       b.created_at, b.responded_at, b.completed_at, b.respond_by, b.resolve_by, b.sla,
       CAST(b.created_at AT TIME ZONE 'UTC' AS DATE) AS created_day,
       CAST(date_trunc('week', b.created_at AT TIME ZONE 'UTC') AS DATE) AS created_week,
       CASE WHEN b.is_resolved
            THEN CAST(b.completed_at AT TIME ZONE 'UTC' AS DATE)
       END AS completed_day,
       CASE WHEN b.is_resolved
            THEN CAST(date_trunc('week', b.completed_at AT TIME ZONE 'UTC') AS DATE)
       END AS completed_week,
       (CAST(EXTRACT(EPOCH FROM b.responded_at) AS DOUBLE PRECISION)
        - CAST(EXTRACT(EPOCH FROM b.created_at) AS DOUBLE PRECISION)) / 3600.0
           AS first_response_hours,
       CASE WHEN b.is_resolved
            THEN (CAST(EXTRACT(EPOCH FROM b.completed_at) AS DOUBLE PRECISION)
                  - CAST(EXTRACT(EPOCH FROM b.created_at) AS DOUBLE PRECISION)) / 3600.0
       END AS resolution_hours,
       CASE WHEN b.is_open
            THEN (CAST(EXTRACT(EPOCH FROM b.as_of) AS DOUBLE PRECISION)
                  - CAST(EXTRACT(EPOCH FROM b.created_at) AS DOUBLE PRECISION)) / 86400.0
       END AS open_age_days,
       COALESCE(r.reopen_count, 0) AS reopen_count,
       -- SLA: met when the response (resolution) came by its deadline; missed when it came
       -- late or has not come and the deadline has passed; NULL while pending, without an
       -- SLA deadline, and for cancelled tickets.
       CASE WHEN b.respond_by IS NULL OR b.status_class = 'cancelled' THEN NULL
            WHEN b.responded_at IS NOT NULL THEN b.responded_at <= b.respond_by
            WHEN b.respond_by < b.as_of THEN FALSE
       END AS sla_respond_met,
       CASE WHEN b.resolve_by IS NULL OR b.status_class = 'cancelled' THEN NULL
            WHEN b.is_resolved THEN b.completed_at <= b.resolve_by
            WHEN b.resolve_by < b.as_of THEN FALSE
       END AS sla_resolve_met,
       COALESCE(h.hours, 0) AS worklog_hours
FROM base b
LEFT JOIN reopens r ON r.connection = b.connection AND r.ticket_id = b.id
LEFT JOIN ticket_hours h ON h.connection = b.connection AND h.ticket_id = b.id
LEFT JOIN ref_values pr
  ON pr.connection = b.connection AND pr.kind = 'priority' AND pr.id = b.priority_id
