"""Teachers: web layer."""
