"""What a build makes: each generator returns its outputs (site, books, private documents) and writes nothing."""
