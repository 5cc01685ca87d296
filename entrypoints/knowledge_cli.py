"""`astratickets kb ...`: ingest files, rebuild indexes; and the sample knowledge base."""

from __future__ import annotations

import asyncio
import re
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

if TYPE_CHECKING:
    from entrypoints.container import Container

SAMPLE_KB = Path(__file__).parent / "sample_kb"
FILE_TYPES = (".md", ".markdown", ".txt", ".html", ".htm")
BATCH = 16
_HEADING = re.compile(r"^#\s+(.+?)\s*#*\s*$", re.MULTILINE)


def files_under(paths: list[Path]) -> Iterator[Path]:
    for path in paths:
        if path.is_dir():
            yield from sorted(
                p for p in path.rglob("*") if p.is_file() and p.suffix.lower() in FILE_TYPES
            )
        elif path.is_file():
            yield path


def document_id_for(path: Path) -> str:
    slug = re.sub(r"[^A-Za-z0-9._-]+", "-", path.stem).strip("-._").lower()
    return (slug or "document")[:128]


def read_document(path: Path):  # type: ignore[no-untyped-def]
    """A DocumentInput for a .md, .txt or .html file: the title is the first `# heading`,
    the HTML <title>, or the file name."""
    from adapters.knowledge.html_to_text import html_to_text
    from application.use_cases.knowledge.ingest_documents import DocumentInput

    text = path.read_text(encoding="utf-8-sig")
    title = ""
    if path.suffix.lower() in (".html", ".htm"):
        title, text = html_to_text(text)
    elif heading := _HEADING.search(text):
        title = heading.group(1)
        text = (text[: heading.start()] + text[heading.end() :]).strip() or text
    title = title or path.stem.replace("-", " ").replace("_", " ").capitalize()
    return DocumentInput(text=text, id=document_id_for(path), title=title, source=path.name)


async def ingest_files(
    container: Container, files: list[Path], collection: str | None, show_progress: bool = True
) -> tuple[int, int]:
    """(documents written, documents unchanged)."""
    from rich.progress import Progress

    from application.use_cases.knowledge.ingest_documents import IngestDocuments

    ingest = container.ingest_documents()
    written = unchanged = 0
    with Progress(disable=not show_progress, transient=False) as progress:
        task = progress.add_task("ingesting", total=len(files))
        for start in range(0, len(files), BATCH):
            part = files[start : start + BATCH]
            result = await ingest(
                IngestDocuments([read_document(p) for p in part], collection=collection)
            )
            for document in result.documents:
                if document.status == "unchanged":
                    unchanged += 1
                else:
                    written += 1
            progress.advance(task, len(part))
    return written, unchanged


async def load_sample_kb_if_empty(container: Container) -> str:
    """Ingest the bundled sample articles into `kb_main` when it has no documents yet."""
    from application.knowledge.base import DEFAULT_COLLECTION

    async with container.unit_of_work()(read_only=True) as uow:
        if await uow.knowledge.count_documents(DEFAULT_COLLECTION):
            return "knowledge base: already has documents"
    files = list(files_under([SAMPLE_KB]))
    written, _ = await ingest_files(container, files, DEFAULT_COLLECTION, show_progress=False)
    return f"knowledge base: loaded {written} sample articles into '{DEFAULT_COLLECTION}'"


def _run(work):  # type: ignore[no-untyped-def]
    from entrypoints.cli import _settings, _upgrade
    from entrypoints.container import build_container
    from entrypoints.logging_setup import configure_logging

    settings = _settings()
    configure_logging(settings.log_level)
    _upgrade(settings)
    container = build_container(settings)

    async def run():  # type: ignore[no-untyped-def]
        try:
            return await work(container)
        finally:
            await container.ticket_indexer().drain()
            await container.vector_index().close()
            await container.health_probe().close()

    return asyncio.run(run())


@click.group()
def kb() -> None:
    """Knowledge base: ingest documents, rebuild the vector indexes."""


@kb.command("ingest")
@click.argument("paths", nargs=-1, required=True, type=click.Path(exists=True, path_type=Path))
@click.option("--collection", default=None, help="Collection (default kb_main).")
def ingest_command(paths: tuple[Path, ...], collection: str | None) -> None:
    """Ingest .md, .txt and .html files, or every such file under the given folders."""
    files = list(files_under(list(paths)))
    if not files:
        raise click.UsageError(f"no {', '.join(FILE_TYPES)} files under the given paths")

    async def work(container: Container) -> tuple[int, int]:
        return await ingest_files(container, files, collection)

    written, unchanged = _run(work)
    click.echo(f"{written} document(s) written, {unchanged} unchanged")


@kb.command("reindex")
@click.option("--collection", default=None, help="Only this collection (default: all).")
@click.option("--tickets/--no-tickets", default=True, help="Also rebuild the similar-ticket index.")
def reindex_command(collection: str | None, tickets: bool) -> None:
    """Rebuild vectors from the stored documents (and tickets): after a model change,
    a lost vector store, or a failed write."""
    from rich.progress import Progress

    async def work(container: Container) -> list[str]:
        lines: list[str] = []
        async with container.unit_of_work()(read_only=True) as uow:
            names = [c.name for c in await uow.knowledge.list_collections()]
        if collection is not None:
            if collection not in names:
                raise click.UsageError(f"no collection '{collection}'; have: {', '.join(names)}")
            names = [collection]
        with Progress() as progress:
            for name in names:
                task = progress.add_task(f"collection {name}", total=None)

                def advance(done: int, total: int, task: Any = task) -> None:
                    progress.update(task, completed=done, total=total)

                report = await container.reindex_collection()(name, advance)
                lines.append(f"{name}: {report.chunks} chunks ({report.embedded} embedded again)")
            if tickets and collection is None:
                task = progress.add_task("tickets", total=None)
                count = await container.ticket_indexer().reindex_all(
                    lambda done, total: progress.update(task, completed=done, total=total)
                )
                lines.append(f"tickets: {count} indexed")
        return lines

    for line in _run(work):
        click.echo(line)
