"""Printing core: job tickets, badges, labels and deliverables as PDF, and the print spooler.

Qt-free on purpose (no PySide6, no qtawesome import), so the CLI and tests can print
without a display. Callers build the records in :mod:`.model`, call a ``render_*``
function to get PDF bytes, and hand them to :func:`.spool.send_to_printer`.
"""
