"""Pages: routes, page contexts and templates."""
