"""The launchpad's HTML: the sign-in page, the permissions page with Accept, and refusals."""

from __future__ import annotations

from html import escape

from starlette.responses import HTMLResponse

PERMISSIONS = ("Read your projects, tasks, time and comments", "Read your Desk tickets",
               "Read your spaces and pages", "Know who you are")  # fmt: skip


def _page(title: str, body: str, status: int = 200) -> HTMLResponse:
    return HTMLResponse(f"<!doctype html><html><head><meta charset='utf-8'><title>"
                        f"{escape(title)}</title></head><body><main><h1>{escape(title)}</h1>"
                        f"{body}</main></body></html>", status_code=status)  # fmt: skip


def _hidden(fields: dict[str, str]) -> str:
    return "".join(f"<input type='hidden' name='{escape(k)}' value='{escape(v)}'>"
                   for k, v in fields.items())  # fmt: skip


def sign_in(action: str, fields: dict[str, str], error: str = "") -> HTMLResponse:
    """The sign-in form (``email``, ``password``)."""
    note = f"<p role='alert' class='error'>{escape(error)}</p>" if error else ""
    return _page(
        "Log in to Teamwork.com",
        f"{note}<form method='post' action='{escape(action)}'>"
        f"{_hidden(fields)}<label>Email <input name='email' type='email' "
        "autocomplete='username'></label><label>Password <input name='password' "
        "type='password' autocomplete='current-password'></label>"
        "<button type='submit'>Log in</button></form>",
        401 if error else 200,
    )


def consent(action: str, app: str, site: str, ticket: str) -> HTMLResponse:
    """The permissions page: Accept or Cancel."""
    items = "".join(f"<li>{escape(p)}</li>" for p in PERMISSIONS)
    return _page(
        "Authorize app",
        f"<p><strong>{escape(app)}</strong> would like to access "
        f"<strong>{escape(site)}</strong>:</p><ul>{items}</ul>"
        f"<form method='post' action='{escape(action)}'>{_hidden({'ticket': ticket})}"
        "<button type='submit' name='decision' value='accept'>Accept</button>"
        "<button type='submit' name='decision' value='cancel'>Cancel</button></form>",
    )


def refusal(message: str, status: int = 400) -> HTMLResponse:
    """An error page (the launchpad does not redirect to an unregistered URL)."""
    return _page("Something went wrong", f"<p role='alert'>{escape(message)}</p>", status)
