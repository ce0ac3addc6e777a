"""The demo station: the standard catalogue, its people, and the generator."""
