"""Teachers: reports layer."""
