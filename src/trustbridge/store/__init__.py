"""The only layer that speaks SQL: models, repositories, migrations and the private-text codec."""
