"""Project signals: a spider reports a failed request so the batch writer can name its URL."""

request_failed = object()
