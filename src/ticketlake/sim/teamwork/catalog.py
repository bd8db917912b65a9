"""The site's fixed reference data: workflow stages, tags, custom fields, and Desk's statuses,
priorities, types, sources, inboxes and SLAs."""

from __future__ import annotations

WORKFLOW_ID = 1
STAGES = ((11, "Backlog"), (12, "To do"), (13, "In progress"), (14, "Review"), (15, "Done"))
TAGS = ((1, "bug", "#d84640"), (2, "feature", "#4461d7"), (3, "urgent", "#f78234"),
        (4, "customer", "#9b7cdb"), (5, "internal", "#53c944"))  # fmt: skip
TASK_PRIORITIES = ("none", "low", "medium", "high")
CUSTOM_FIELDS = ((1, "Cost centre", "text-short", "tasks"),
                 (2, "Billing category", "dropdown", "projects"))  # fmt: skip
TASKLIST_NAMES = ("Backlog", "Current sprint", "Support requests", "Delivered")
PROJECT_WORDS = ("Website", "Migration", "Onboarding", "Intranet", "Mobile app", "Billing",
                 "Data warehouse", "Security review", "CRM rollout", "Office move")  # fmt: skip
TASK_VERBS = ("Design", "Build", "Review", "Test", "Document", "Deploy", "Fix", "Plan",
              "Migrate", "Configure")  # fmt: skip
TASK_OBJECTS = ("login page", "invoice export", "user import", "search", "reports",
                "permissions", "backups", "API keys", "dashboard", "notifications")  # fmt: skip

# Desk (reference C): (id, name, code, color)
TICKET_STATUSES = ((1, "Active", "active", "#4461d7"), (2, "Waiting on customer", "waiting",
                   "#f78234"), (3, "On hold", "on-hold", "#9b7cdb"), (4, "Solved", "solved",
                   "#53c944"), (5, "Closed", "closed", "#8f9296"))  # fmt: skip
ACTIVE, WAITING, ON_HOLD, SOLVED, CLOSED = range(5)
TICKET_PRIORITIES = ((1, "Low", "#8f9296"), (2, "Medium", "#4461d7"), (3, "High", "#f78234"),
                     (4, "Urgent", "#d84640"))  # fmt: skip
TICKET_TYPES = ((1, "Question"), (2, "Problem"), (3, "Incident"), (4, "Feature request"))
TICKET_SOURCES = ((1, "Email"), (2, "Web form"), (3, "Phone"), (4, "Chat"), (5, "API"))
INBOXES = ((1, "Support", "support"), (2, "Billing", "billing"), (3, "IT Helpdesk", "it"))
SLAS = ((1, "Standard", 480, 2880, (0, 1)), (2, "Priority", 60, 480, (2, 3)))
"""(id, name, first-response minutes, resolution minutes, priority indexes it covers)."""
TICKET_SUBJECTS = ("Cannot log in", "Invoice is wrong", "Password reset", "Printer offline",
                   "VPN drops", "Refund request", "Slow dashboard", "Export fails",
                   "New user account", "E-mail bounces")  # fmt: skip


def sla_of(priority: int) -> tuple[int, str, int, int, tuple[int, ...]]:
    """The SLA that covers a priority index."""
    return next(s for s in SLAS if priority in s[4])
