"""Allow `python -m rm_course`."""

from .cli import main

main()
