"""SCORM packages of the training site, for a company's LMS: made from the built site of each language.

`packages` decides what each package holds (pure), `pages` rewrites the built pages so they stay
inside their package, `manifest` writes `imsmanifest.xml`, `archive` the deterministic zip, and
`builder` puts them together with the runtime (`runtime.js`, `launch.html`, `rm-scorm.css`).
"""
