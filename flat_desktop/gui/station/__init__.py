"""The worker station: sign in with a badge, do one job step by step, finish with the ticket.

``app.run`` starts it; :class:`~.controller.Controller` holds the flow and calls the services;
each screen module only shows things and emits what the worker asked for.
"""
