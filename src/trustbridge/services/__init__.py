"""Use-cases both interfaces call: each takes the open store and the moment ``now``."""
