"""The words the content model is built from: languages, tracks, audiences, the form of an id.

Plain data, importable without the model (the command line lists the tracks in `--help`);
the model's enums are made from these tuples, so each list exists once.
"""

LANGUAGES = ("fr", "en")
TRACKS = ("mentor-pedagogy", "mentee-preparation", "digital-history", "business-uses", "programme")
AUDIENCES = ("mentor", "mentee", "manager", "coordinator")

ID_PATTERN = r"^[a-z0-9]+(?:-[a-z0-9]+)*$"
