"""Qt user interface: styling, scanner input and the building blocks of the worker station screen."""
