"""Words the hosted-mode commands say (to whoever runs the server, not to the people using it)."""

from __future__ import annotations

HOSTED_HELP = (
    "Hosted mode: Trustbridge on a PostgreSQL server, for a couple or a practice.\n\n"
    "So far this only sets up the database. Accounts, keeping each person's entries apart "
    "and sharing between partners are not built yet, so do not put anyone's entries on a "
    "shared server. See docs/hosted.md."
)
MIGRATE_HELP = (
    "Set up the PostgreSQL database, or bring it up to date after an update of Trustbridge. "
    "Safe to run again: a database already up to date is left as it is."
)
DATABASE_URL_HELP = (
    "The PostgreSQL database to use, such as "
    "postgresql+psycopg://USER:PASSWORD@HOST:5432/DATABASE. "
    "Read from TRUSTBRIDGE_DATABASE_URL when not given."
)
NO_DATABASE_URL = (
    "Which database? Give its address with --database-url, or in TRUSTBRIDGE_DATABASE_URL, "
    "such as postgresql+psycopg://USER:PASSWORD@HOST:5432/DATABASE."
)
BROUGHT_UP = "Brought the database from revision {before} to revision {after}."
SET_UP = "Set up an empty database (revision {after})."
UP_TO_DATE = "Your database is up to date (revision {revision})."
CANNOT_CONNECT = "Trustbridge could not connect to the database at {address}."
CANNOT_CONNECT_HINT = (
    "Check that the server is running, and the address, user name and password. Details: {reason}"
)
REFUSED = "The database at {address} refused a change, so nothing was changed."
REFUSED_HINT = "Details: {reason}"
TOO_NEW = (
    "This database was set up by a newer version of Trustbridge (revision {revision}). "
    "Update Trustbridge on this computer, then run this again. Nothing was changed."
)
MIGRATE_SHORT = "Set up the database, or bring it up to date."
