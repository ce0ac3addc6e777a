"""The web ordering desk: departments order from their own PCs' browsers (Flask, served by
waitress), through the same Qt-free services, checks, events and database as the console.

``create_app(db, secret_key=...)`` makes the WSGI application; ``flat-desktop web`` serves it.
"""

from __future__ import annotations

from flat_desktop.web.app import create_app

__all__ = ["create_app"]
