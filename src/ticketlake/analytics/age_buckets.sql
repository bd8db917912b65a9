-- The age bands the report sorts open tickets into: an age in days belongs to the band with
-- min_days <= age < max_days (max_days NULL: no upper bound). Join it to ticket_facts'
-- open_age_days for the backlog's ageing now.
CREATE VIEW age_buckets AS
SELECT bucket, label, CAST(min_days AS DOUBLE PRECISION) AS min_days,
       CAST(max_days AS DOUBLE PRECISION) AS max_days
FROM (
    VALUES (1, 'under 1 day', 0, 1),
           (2, '1 to 3 days', 1, 3),
           (3, '3 to 7 days', 3, 7),
           (4, '7 to 14 days', 7, 14),
           (5, '14 to 30 days', 14, 30),
           (6, '30 to 90 days', 30, 90),
           (7, '90 days or more', 90, NULL)
) AS b(bucket, label, min_days, max_days)
