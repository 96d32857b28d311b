"""Reading a programme project: strict YAML, the content model, validation and the checks across files."""
