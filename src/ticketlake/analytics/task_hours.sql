-- One row per time entry logged on a work item of kind 'task' (Teamwork.com Projects): its
-- work date and ISO week, hours, person, the task and the task's project (the ticket's
-- category). Hours on tasks the store does not hold are not here (see time_entry_facts).
CREATE VIEW task_hours AS
SELECT e.connection, e.entry_id, e.ticket_id AS task_id, e.work_date, e.week, e.hours,
       e.person_id, e.person, t.category AS project
FROM time_entry_facts e
JOIN tickets t
  ON t.connection = e.connection AND t.id = e.ticket_id AND t.deleted_at IS NULL
WHERE t.kind = 'task'
