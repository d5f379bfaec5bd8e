"""A plain-text progress bar for the management commands (works in logs and terminals)."""


class ProgressBar:
    def __init__(self, stream, label, width=30):
        self.stream, self.label, self.width = stream, label, width
        self._last = None

    def __call__(self, done, total):
        filled = int(self.width * done / total) if total else self.width
        text = f"\r{self.label} [{'#' * filled}{'.' * (self.width - filled)}] {done}/{total}"
        if text != self._last:
            self.stream.write(text, ending="")
            self.stream.flush()
            self._last = text

    def finish(self):
        if self._last is not None:
            self.stream.write("")
