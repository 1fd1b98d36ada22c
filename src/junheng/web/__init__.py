"""Web edge: FastAPI app built by ``create_app``; pages in Jinja2 + htmx, charts with vendored ECharts."""
