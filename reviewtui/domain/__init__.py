"""Pure product logic: models, rules and parsing. No Textual, no SQL, no wall clock."""
