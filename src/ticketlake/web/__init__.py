"""The web submission flow and operator dashboard (``ticketlake serve``).

``create_app(settings, services)`` builds the FastAPI app; ``wiring.services`` gives it the
real checks, sync and report. Operators, sessions, invites and the web audit log live in the
catalog's database (tables ``web_*``).
"""
