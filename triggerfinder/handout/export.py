"""Handouts as files: one PDF, or many streamed into a ZIP so that memory stays flat."""

from __future__ import annotations

import datetime
import zipfile
from collections.abc import Callable, Iterable, Iterator

from django.utils.text import slugify

from triggerfinder.handout.content import handout_content
from triggerfinder.handout.data import handout_input
from triggerfinder.handout.render import render_pdf
from triggerfinder.models import Client
from triggerfinder.selectors.knowledge import knowledge_snapshot


def client_handout_pdf(client: Client, *, language: str | None = None, today: datetime.date) -> bytes | None:
    """The client's handout in ``language`` (default: the client's own); None without a plan."""
    data = handout_input(client=client, language=language or client.preferred_language, today=today)
    if data is None:
        return None
    return render_pdf(handout_content(knowledge_snapshot(), data))


def handout_filename(client: Client, language: str) -> str:
    return f"handout-{client.pk}-{slugify(client.last_name) or 'client'}-{language}.pdf"


class _Sink:
    """A write-only file for zipfile that hands out what was written since the last call."""

    def __init__(self) -> None:
        self._chunks: list[bytes] = []
        self._position = 0

    def write(self, data: bytes) -> int:
        self._chunks.append(bytes(data))
        self._position += len(data)
        return len(data)

    def tell(self) -> int:
        return self._position

    def flush(self) -> None:
        pass

    def close(self) -> None:  # zipfile leaves a file it did not open alone; typeshed asks for it
        pass

    def take(self) -> bytes:
        data = b"".join(self._chunks)
        self._chunks.clear()
        return data


LEFT_OUT_NAME = "left-out.txt"


def handouts_zip(
    clients: Iterable[Client],
    *,
    today: datetime.date,
    left_out: Iterable[str] = (),
    no_plan_text: str = "",
    on_exported: Callable[[Client], None] | None = None,
) -> Iterator[bytes]:
    """Yield a ZIP of each client's handout (in the client's language), one PDF at a time.

    ``on_exported`` is called for each client whose handout went in (the access log); the lines
    of ``left_out``, and ``no_plan_text`` for each client without a plan, go into a short text
    file, so that the ZIP says which handouts are missing and why."""
    sink = _Sink()
    notes = list(left_out)
    with zipfile.ZipFile(sink, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for client in clients:
            pdf = client_handout_pdf(client, today=today)
            if pdf is not None:
                archive.writestr(handout_filename(client, client.preferred_language), pdf)
                if on_exported is not None:
                    on_exported(client)
            elif no_plan_text:
                notes.append(no_plan_text % {"id": client.pk})
            yield sink.take()
        if notes:
            archive.writestr(LEFT_OUT_NAME, "\n".join(notes) + "\n")
    yield sink.take()
