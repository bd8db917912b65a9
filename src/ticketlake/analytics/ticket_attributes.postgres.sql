-- Custom attributes, one row per ticket and attribute: name -> display value as text.
-- (The one dialect shim: DuckDB reads JSON with json_each, Postgres with jsonb_each_text.)
CREATE VIEW ticket_attributes AS
SELECT t.connection, t.id AS ticket_id, j.key AS name, j.value
FROM tickets t
CROSS JOIN LATERAL jsonb_each_text(
    CASE WHEN jsonb_typeof(CAST(CAST(t.attributes AS TEXT) AS jsonb)) = 'object'
         THEN CAST(CAST(t.attributes AS TEXT) AS jsonb)
         ELSE CAST('{}' AS jsonb) END
) AS j
WHERE t.deleted_at IS NULL AND t.attributes IS NOT NULL
