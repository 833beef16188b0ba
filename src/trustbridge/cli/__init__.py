"""The ``trustbridge`` command line: quick to start, kind in what it says."""
