"""Photo limits, shared by the pipeline (which enforces them) and the upload widget (which
tells the browser, as a courtesy)."""

MAX_BYTES = 15 * 1024 * 1024
MAX_FILES_PER_UPLOAD = 4
