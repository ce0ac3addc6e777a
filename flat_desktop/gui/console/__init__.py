"""The supervisors' console: sign-in, the live assignment board, orders, help calls, machines,
step templates and routes. Thin widgets; every change goes through :mod:`flat_desktop.services`."""
