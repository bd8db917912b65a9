-- Custom attributes, one row per ticket and attribute: name -> display value as text.
-- (The one dialect shim: DuckDB reads JSON with json_each, Postgres with jsonb_each_text.)
CREATE VIEW ticket_attributes AS
SELECT t.connection, t.id AS ticket_id, j.key AS name, j.value ->> '$' AS value
FROM tickets t, json_each(CAST(t.attributes AS JSON)) AS j
WHERE t.deleted_at IS NULL
  AND t.attributes IS NOT NULL
  AND json_type(CAST(t.attributes AS JSON)) = 'OBJECT'
