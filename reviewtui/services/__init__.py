"""Use-cases shared by the command line and the terminal UI.

Screens and commands call these; these call `domain` for rules and `store` for persistence.
"""
