"""``python -m ticketlake`` is the ``ticketlake`` command."""

from ticketlake.cli.main import main

main()
