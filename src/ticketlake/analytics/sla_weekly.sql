-- SLA attainment by the ISO week a ticket was created, per responsible group and priority:
-- how many tickets' response (resolution) deadline is decided (met or missed) and how many
-- were met. Attainment = met / decided; pending and cancelled tickets are left out.
CREATE VIEW sla_weekly AS
SELECT connection, created_week AS week, responsible_group_id, responsible_group, priority,
       COUNT(sla_respond_met) AS respond_decided,
       COUNT(*) FILTER (WHERE sla_respond_met) AS respond_met,
       COUNT(sla_resolve_met) AS resolve_decided,
       COUNT(*) FILTER (WHERE sla_resolve_met) AS resolve_met
FROM ticket_facts
GROUP BY connection, created_week, responsible_group_id, responsible_group, priority
