"""Teachers: readers layer."""
