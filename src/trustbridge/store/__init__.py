"""The only layer that speaks SQL: models, migrations, encryption, backups."""
