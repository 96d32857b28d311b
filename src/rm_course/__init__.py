"""rm-course: courseware for reverse mentoring programmes, from YAML to site, PDFs and session plans."""

__version__ = "0.1.0"
