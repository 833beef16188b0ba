"""Words the reminders commands show: their help, what was done, and what went wrong."""

from __future__ import annotations

REMINDERS_HELP = (
    "Reminders in your calendar app: your daily check-in, rituals, partner check-ins, bridge "
    "plan check-ins, reviews and promises that come due. Titles say only 'Trustbridge "
    "check-in' and the like, unless you choose fuller titles."
)
EXPORT_HELP = (
    "Save your reminders as a calendar file (.ics) that a calendar app can import. Only you "
    "can read the file."
)
OUT_HELP = "The file to write, such as reminders.ics."
FULL_TITLES_HELP = (
    "Put what you wrote in the titles (a ritual's name, a promise's words). Your calendar "
    "app will show them, and may sync them to other devices or a cloud service."
)
FORCE_HELP = "Replace the file if it already exists."
TIME_HELP = (
    "Set the time of day your reminders ring, on a 24-hour clock, such as 20:00. Without a "
    "time, shows the one set now."
)
TIME_ARG_HELP = "The time, such as 20:00 or 7:30."
FEED_HELP = (
    "Print the address of your reminders feed, for a calendar app on this computer to "
    "subscribe to while Trustbridge is running (trustbridge serve)."
)
PORT_HELP = "The port Trustbridge is served on (as given to trustbridge serve)."
NEW_TOKEN_HELP = "Make a new secret address; the old one stops working at once."

NEEDS_OUT = "Please say where to save the calendar, such as --out reminders.ics."
NOT_ICS = "The file name should end in .ics (you gave “{path}”), so calendar apps know it."
CANNOT_WRITE = "Trustbridge could not write the calendar to {path}: {reason}. No file was made."
NO_FOLDER = "there is no such folder"
IS_FOLDER = "it is a folder"
NOT_WRITABLE = "you cannot write to that folder"

SAVED = "Your reminders are saved: {path} ({count})."
PLAIN_NOTE = (
    "Titles are plain ('Trustbridge check-in', 'Trustbridge ritual'), with nothing you wrote. "
    "Import the file into your calendar app; importing it again updates the same entries."
)
FULL_NOTE = (
    "Titles carry what you wrote. Your calendar app will show them, and may sync them to "
    "other devices or a cloud service."
)
TIME_NOW = "Your reminders ring at {time} each day."
TIME_SAVED = "Saved: your reminders now ring at {time}. Export them again, or let a subscribed calendar refresh."
FEED_URL = "{url}"
FEED_NOTE = (
    "Keep this address to yourself: anyone on this computer with it can read your reminders "
    "while Trustbridge is running and unlocked. Make a new one with --new."
)
FEED_NEW = "A new address is made; the old one no longer works."
