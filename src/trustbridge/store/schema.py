"""The schema revision this code expects; kept import-light so the fast CLI path can check it."""

HEAD_REVISION = "0011"
