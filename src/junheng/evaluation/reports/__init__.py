"""Word and Excel writers of the evaluation module."""
