"""Word and Excel writers."""
