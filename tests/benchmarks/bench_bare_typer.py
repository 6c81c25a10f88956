"""The reference for cold-start timings: a bare typer app of one command.

``python bench_bare_typer.py`` runs the command; ``--help`` prints its help. mmsched's command
line should start about as fast as this, whatever it does after.
"""

from __future__ import annotations

from typing import Annotated

import typer

app = typer.Typer(add_completion=False)


@app.command()
def main(name: Annotated[str, typer.Option(help="Who to greet.")] = "ward") -> None:
    """Print one greeting."""
    typer.echo(f"hello {name}")


if __name__ == "__main__":
    app()
