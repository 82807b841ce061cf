"""``taxonomy export``: the decisions of a taxonomy document as files other tools read.

``export(taxonomy, fmt, options)`` renders one format; ``ExportFormat`` is the choice the CLI
offers (``--to``) and ``EXPORTERS`` maps each member to its class. Formats:

- ``yaml`` (default), ``json``, ``csv``: the label map (``mapping_files``);
- ``nginx``, ``apache``, ``netlify``: redirects for the old label pages (``redirects``), whose
  URLs follow the site's scheme (``urls``);
- ``hugo``: ``aliases`` in each term's ``_index.md`` (``hugo``);
- ``wp-cli``: a shell script that relabels a WordPress site's posts (``wpcli``);
- ``skos``: the concept scheme in SKOS Turtle (``skos``).

The full description, with examples and the escaping rules of each format: docs/export.md.
"""

from __future__ import annotations

import enum

from taxonomy.export._base import (
    Change,
    Export,
    Exporter,
    ExportJob,
    ExportOptions,
    OutputFile,
    Site,
    TermKind,
    label_order,
)
from taxonomy.export.hugo import HugoAliases
from taxonomy.export.mapping_files import CsvMapping, JsonMapping, YamlMapping
from taxonomy.export.redirects import ApacheRedirects, NetlifyRedirects, NginxRedirects
from taxonomy.export.skos import SkosTurtle
from taxonomy.export.wpcli import WpCliScript
from taxonomy.model import Taxonomy

__all__ = [
    "EXPORTERS",
    "Change",
    "Export",
    "ExportFormat",
    "ExportJob",
    "ExportOptions",
    "Exporter",
    "OutputFile",
    "Site",
    "TermKind",
    "export",
    "label_order",
]


class ExportFormat(str, enum.Enum):
    yaml = "yaml"
    json = "json"
    csv = "csv"
    nginx = "nginx"
    apache = "apache"
    netlify = "netlify"
    hugo = "hugo"
    wp_cli = "wp-cli"
    skos = "skos"


EXPORTERS: dict[ExportFormat, type[Exporter]] = {
    ExportFormat.yaml: YamlMapping,
    ExportFormat.json: JsonMapping,
    ExportFormat.csv: CsvMapping,
    ExportFormat.nginx: NginxRedirects,
    ExportFormat.apache: ApacheRedirects,
    ExportFormat.netlify: NetlifyRedirects,
    ExportFormat.hugo: HugoAliases,
    ExportFormat.wp_cli: WpCliScript,
    ExportFormat.skos: SkosTurtle,
}


def export(
    taxonomy: Taxonomy, fmt: ExportFormat = ExportFormat.yaml, options: ExportOptions | None = None
) -> tuple[ExportJob, Export]:
    """Render the decided changes of ``taxonomy`` in ``fmt``; the job says what was mapped."""
    job = ExportJob.of(taxonomy, options)
    return job, EXPORTERS[fmt]().render(job)
