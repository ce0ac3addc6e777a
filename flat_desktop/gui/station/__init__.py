"""The worker station: sign in with a badge, do one job step by step, finish with the ticket.

``app.run`` starts it; :class:`flat_desktop.station.flow.StationFlow` decides and calls the services,
:class:`~.relay.FlowRelay` turns its words into signals;
each screen module only shows things and emits what the worker asked for.
"""
