"""Every command by name, and where it is declared.

Typer-free, so the quick dispatcher (``cli.dispatch``) and the Typer app (``cli.app``) read
the same table.
"""

from __future__ import annotations

import importlib

from trustbridge.cli import declare

#: command name -> (module in trustbridge.cli, attribute): a group (``declare.App``) or a function,
#: in the order ``--help`` lists them (the daily things first, then stage by stage)
COMMANDS: dict[str, tuple[str, str]] = {
    "checkin": ("checkin", "checkin_app"),
    "journal": ("tools", "journal_app"),
    "hurt": ("tools", "hurt_app"),
    "beliefs-check": ("beliefs", "beliefs_check"),
    "pattern": ("tools", "pattern_app"),
    "thought": ("tools", "thought_app"),
    "belief": ("beliefs", "belief_app"),
    "selfcheck": ("safety", "selfcheck_app"),
    "promise": ("safety", "promise_app"),
    "empathy": ("compassion", "empathy_app"),
    "affirm": ("compassion", "affirm_app"),
    "habit": ("compassion", "habit_app"),
    "pause": ("compassion", "pause_app"),
    "person": ("circle", "person_app"),
    "evidence": ("circle", "evidence_app"),
    "ladder": ("relating", "ladder_app"),
    "bridge": ("circle", "bridge"),
    "gut": ("relating", "gut_app"),
    "boundary": ("boundaries", "boundary_app"),
    "istatement": ("boundaries", "istatement"),
    "balance": ("boundaries", "balance_app"),
    "partner-checkin": ("growth", "partner_checkin_app"),
    "ritual": ("growth", "ritual_app"),
    "appreciation": ("growth", "appreciation_app"),
    "goal": ("growth", "goal_app"),
    "win": ("growth", "win_app"),
    "support": ("support", "support_app"),
    "safety-plan": ("support", "safety_plan_app"),
    "report": ("report", "report"),
    "search": ("search", "search"),
    "reminders": ("reminders", "reminders_app"),
    "program": ("program", "program"),
    "insights": ("insights", "insights"),
    "help-now": ("program", "help_now"),
    "serve": ("program", "serve"),
    "open": ("program", "open_browser"),
    "export": ("exchange", "export_app"),
    "import": ("exchange", "import_app"),
    "backup": ("backup", "backup_app"),
    "delete-everything": ("backup", "delete_everything"),
    "init": ("security", "init"),
    "unlock": ("security", "unlock_command"),
    "lock": ("security", "lock"),
    "encrypt": ("security", "encrypt"),
    "passphrase": ("security", "passphrase"),
    "recovery-key": ("security", "recovery_key"),
    "hosted": ("hosted", "hosted_app"),
}


def declared(name: str) -> declare.App | declare.Function:
    """A command as its module declares it: a group (``declare.App``) or a function."""
    module_name, attribute = COMMANDS[name]
    found: declare.App | declare.Function
    found = getattr(importlib.import_module(f"trustbridge.cli.{module_name}"), attribute)
    return found


#: what people type for a command from the words the web pages use (not listed in --help)
ALIASES = {"stages": "program", "stage": "program", "people": "person", "circle": "person"}
