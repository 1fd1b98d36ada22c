"""Core pages: login, home, the school registry, administration."""
