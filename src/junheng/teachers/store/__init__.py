"""Teachers: store layer."""
