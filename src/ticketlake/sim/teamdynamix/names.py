"""Word lists for generated people and ticket text (fixed; the seed picks from them)."""

from __future__ import annotations

from ticketlake.sim.names import FIRST_NAMES, LAST_NAMES

__all__ = ["FIRST_NAMES", "LAST_NAMES"]

TECH_TITLES = (
    "Service Desk Analyst",
    "Desktop Support Technician",
    "Network Engineer",
    "Systems Administrator",
    "Application Analyst",
    "Security Analyst",
    "IT Support Specialist",
)
STAFF_TITLES = (
    "Administrative Assistant", "Professor", "Associate Professor", "Lecturer", "Coordinator",
    "Program Manager", "Research Associate", "Director", "Accountant", "Advisor", "Librarian",
    "Graduate Student", "Lab Manager", "Department Chair",
)  # fmt: skip

# Ticket titles per Category choice index (see catalog.ATTRIBUTES[CATEGORY]).
TITLES = (
    ("Laptop will not power on", "Monitor flickering", "Docking station not detected",
     "Keyboard keys unresponsive", "Replace failing hard drive", "New laptop setup"),
    ("Excel crashes when opening files", "Request install of SPSS", "Adobe license expired",
     "Outlook add-in missing", "Software update failing", "Teams keeps signing out"),
    ("Wi-Fi drops in conference room", "VPN will not connect", "Slow network in office",
     "Network jack not working", "Cannot reach shared drive", "Eduroam authentication fails"),
    ("Password reset", "Account locked out", "Access to shared mailbox",
     "Need access to Banner finance screens", "MFA device replacement", "New employee account"),
    ("Email not syncing to phone", "Calendar invites missing", "Distribution list change",
     "Mailbox over quota", "Spam getting through", "Zoom meeting recording missing"),
    ("Printer jammed", "Cannot add network printer", "Print queue stuck",
     "Toner replacement", "Scanner to email not working", "Printer printing blank pages"),
    ("Suspicious email reported", "Possible phishing click", "Malware alert on workstation",
     "Lost laptop with university data", "Unusual login activity", "Security review request"),
    ("Projector not displaying", "Classroom microphone not working", "Lecture capture failed",
     "Room display will not turn on", "HDMI adapter missing", "Document camera broken"),
    ("General question", "Request for consultation", "Equipment loan",
     "Data export request", "Website content change", "Other issue"),
)  # fmt: skip
COMMENTS_TECH = (
    "Looking into this now.", "Can you confirm which device this is on?",
    "I have escalated this to the next tier.", "Applied the fix; please test and let us know.",
    "Scheduled a visit for tomorrow morning.", "Waiting on the vendor for a replacement part.",
    "Reset the configuration and cleared the cache.", "This should be working again now.",
)  # fmt: skip
COMMENTS_CUSTOMER = (
    "Thanks, that worked.", "Still seeing the problem this morning.",
    "It happens every time I restart.", "I will be in the office after 2pm.",
    "Attached a screenshot of the error.", "Any update on this?",
)  # fmt: skip
RESOLUTIONS = (
    "Resolved: replaced the faulty component.", "Resolved: reconfigured the settings.",
    "Resolved: user confirmed the issue is fixed.", "Resolved: provided instructions.",
    "Resolved: access granted as requested.", "Resolved: installed the requested software.",
)  # fmt: skip
