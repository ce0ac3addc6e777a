"""The station's flow without Qt: what the worker is shown and told after each scan or key.

:mod:`.flow` holds the state machine, :mod:`.voice` what is said at each prompt level,
:mod:`.context` what the step screen shows, :mod:`.timing` the stuck clock and
:mod:`.journal` the station's own log. ``gui.station`` only draws what the flow decides.
"""
