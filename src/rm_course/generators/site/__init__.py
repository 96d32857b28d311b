"""The training site: one MkDocs project per language, generated from the curriculum, built with Material.

`pages` renders the Markdown pages, `config` the generated `mkdocs.yml`, `files` every file of
each language's project (pure, hashed by `site_digest`), and `builder` writes them and runs MkDocs.
"""
