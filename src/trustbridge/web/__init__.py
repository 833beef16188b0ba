"""The browser interface: FastAPI routes, Jinja2 templates and local static files."""
