"""Words the hosted-mode commands say (to whoever runs the server, not to the people using it)."""

from __future__ import annotations

HOSTED_HELP = (
    "Hosted mode: Trustbridge on a PostgreSQL server, for a couple or a practice.\n\n"
    "This sets up the database and its accounts; `trustbridge serve --database-url URL` "
    "serves it, connected as the app's own role (see grant-app-role). Each account's entries "
    "are its own, kept apart by PostgreSQL's row-level security; sharing between partners is "
    "not built yet. See docs/hosted.md before you put anyone's entries on a shared server."
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

# --- accounts ---------------------------------------------------------------------------------

CREATE_ADMIN_SHORT = "Make the first account, which can invite others."
CREATE_ADMIN_HELP = (
    "Make an administrator's account: it signs in like any other, and can invite people from "
    "its account page (or with `trustbridge hosted invite`). Asks for the password twice at "
    "the terminal, or reads it from standard input with --password-stdin. Passwords need at "
    "least 12 characters, any you like, and must not be easy to guess."
)
NAME_HELP = "The name to sign in with (it need not be a real name)."
PASSWORD_STDIN_HELP = (
    "Read the password from the first line of standard input, for scripts, instead of asking."
)
ASK_PASSWORD = "Password for {name}"
ASK_AGAIN = "The same password again"
NOT_THE_SAME = "The two passwords are not the same, so no account was made. Please try again."
NO_PASSWORD_GIVEN = "No password came on standard input, so no account was made."
ADMIN_MADE = "Made the account {name}. It can sign in now, and invite others from its account page."
INVITE_SHORT = "Make a single-use invitation link for one person."
INVITE_HELP = (
    "Make an invitation: a link that makes one account, once, within 7 days. Give it to the "
    "person privately. Only its hash is kept, so it is shown this once."
)
SITE_HELP = (
    "The address people open the app at, such as https://trustbridge.example.org, to print a "
    "whole link. Without it, only the part after the address is printed."
)
INVITATION = (
    "This link makes one account, once, until {expires} (UTC). It is not shown again:\n  {link}"
)
SIGN_OUT_SHORT = "End the sessions of one account, or of everyone."
SIGN_OUT_HELP = (
    "End sessions now: every session of the account named with --account, or everyone's "
    "with --everyone. They sign in again next time."
)
ACCOUNT_HELP = "The account whose sessions to end (its sign-in name)."
EVERYONE_HELP = "End every session of every account."
SIGN_OUT_WHICH = "Whose sessions? Give --account NAME, or --everyone."
NO_SUCH_ACCOUNT = "There is no account called {name}."
SIGNED_OUT = "Ended {count} session(s)."
DISABLE_SHORT = "Stop an account from signing in, and end its sessions."
DISABLE_HELP = (
    "Stop an account from signing in and end all its sessions at once. Its entries stay in "
    "the database."
)
DISABLED = "{name} can no longer sign in, and all their sessions have ended."
THERAPIST_SHORT = "Mark an account as a therapist's, so people can share reports with it."
THERAPIST_HELP = (
    "Mark an account as a therapist's: people on this server can then share a report with it, "
    "and it sees those reports, and nothing else of theirs, until each share ends or is taken "
    "back. With --off the mark is removed, and the account sees none of the reports shared "
    "with it any more."
)
THERAPIST_ACCOUNT_HELP = "The therapist's account (its sign-in name)."
THERAPIST_OFF_HELP = "Remove the mark instead."
THERAPIST_ON = "{name} is marked as a therapist: people can now share reports with them."
THERAPIST_OFF = "{name} is no longer marked as a therapist, and sees no shared reports."

# --- the app's own role -------------------------------------------------------------------------

GRANT_SHORT = "Let the app's own database role use the tables, and nothing more."
GRANT_HELP = (
    "Give an existing PostgreSQL role exactly what the app needs: reading and writing the "
    "entries (row-level security lets each account reach only its own rows), the accounts "
    "and sessions, and nothing else. Run it as the tables' owner after `trustbridge hosted "
    "migrate`, and again after each update; then serve with the role's address. The role must "
    "exist (make it with: createuser --pwprompt NAME) and must not be a superuser, have "
    "BYPASSRLS, or own the tables."
)
ROLE_HELP = "The role the app connects as, such as trustbridge_app."
GRANTED = (
    "The role {role} may now use the tables, and row-level security holds it. Serve with its "
    "address: trustbridge serve --database-url postgresql+psycopg://{role}:PASSWORD@HOST/DATABASE"
)

# --- trustbridge serve, in hosted mode --------------------------------------------------------

SERVE_DATABASE_URL_HELP = (
    "Serve hosted mode from this PostgreSQL database, such as "
    "postgresql+psycopg://APP_ROLE:PASSWORD@HOST:5432/DATABASE (read from "
    "TRUSTBRIDGE_DATABASE_URL when not given), connected as the role that "
    "`trustbridge hosted grant-app-role` set up: never the tables' owner or a superuser. "
    "Without it, Trustbridge serves your own store on this computer."
)
PLAIN_HTTP_HELP = (
    "Hosted mode only: send cookies over plain HTTP, to try it on this computer. Never behind "
    "a real address: without TLS, anyone on the network can read passwords and sessions."
)
ALLOWED_HOST_HELP = (
    "Hosted mode only: a host name people reach this server by (as the proxy passes it on), "
    "such as trustbridge.example.org. Give it once for each name. localhost and the address "
    "it listens on are always allowed."
)
HOSTED_SERVE_START = (
    "Trustbridge is serving hosted mode from {address} on {url}. People sign in with their "
    "accounts; `trustbridge hosted create-admin` makes the first one. Press Ctrl-C to stop."
)
HOSTED_PLAIN_HTTP = (
    "Note: --plain-http sends passwords and sessions unencrypted. Use it only on this computer."
)
HOSTED_NEEDS_TLS = (
    "Note: browsers send this server's cookies only over HTTPS. Put it behind a proxy that "
    "provides TLS (see docs/hosted.md), or use --plain-http to try it on this computer."
)
