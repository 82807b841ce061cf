"""``wp-cli``: a POSIX shell script that makes the decisions on a WordPress site with WP-CLI.

For each old term, in output order: find it (by name, else by slug), find or create each new
term, add the new terms to every post that has the old one and remove the old one, then delete
the old term only if no post has it any more. The script is a dry run unless ``DRY_RUN=0``: it
reads the site (which terms and posts exist) and prints the commands that would change it.
Every label is one single-quoted shell word (a ``'`` inside is written ``'\\''``), so no label
can run a command.
"""

from __future__ import annotations

from typing import ClassVar

from taxonomy.export._base import Export, ExportJob, TermKind
from taxonomy.export.urls import wp_slug

__all__ = ["WpCliScript", "sh_quote"]


def sh_quote(text: str) -> str:
    """``text`` as one POSIX shell word."""
    return "'" + text.replace("'", "'\\''") + "'"


_PROLOGUE = r"""set -euf
DRY_RUN=${DRY_RUN:-1}
WP=${WP:-wp}

say() { printf '%s\n' "$*" >&2; }

# show ARG...: print a command as one line a shell would read back
show() {
  printf 'wp'
  for arg in "$@"; do
    case $arg in
      '' | *[!A-Za-z0-9_./=:%-]*) printf " '%s'" "$(printf '%s' "$arg" | sed "s/'/'\\\\''/g")" ;;
      *) printf ' %s' "$arg" ;;
    esac
  done
  printf '\n'
}

# change ARG...: run a wp command that changes the site, or print it in a dry run
change() {
  if [ "$DRY_RUN" = 0 ]; then $WP "$@"; else show "$@"; fi
}

# term_id NAME SLUG: the id of the term named NAME, else of the term whose slug is SLUG
term_id() {
  found=$($WP term list "$TAXONOMY" --name="$1" --field=term_id)
  case $found in
    '' | *[!0-9]*)
      found=$($WP term get "$TAXONOMY" "$2" --by=slug --field=term_id 2>/dev/null) || found= ;;
  esac
  printf '%s' "$found"
}

# posts TERM_ID: the ids of the posts of any type and status that have the term
posts() {
  $WP post list --post_type=any --post_status=any --"$QUERY"="$1" --format=ids
}

# relabel OLD_NAME OLD_SLUG [NEW_NAME NEW_SLUG]...: move the posts of OLD to the NEW terms
# (none: just take OLD off them), then delete OLD if no post has it any more
relabel() {
  old_name=$1 old_slug=$2
  shift 2
  old=$(term_id "$old_name" "$old_slug")
  if [ -z "$old" ]; then
    say "skipped '$old_name': no such term"
    return 0
  fi
  new_ids=
  while [ $# -gt 0 ]; do
    id=$(term_id "$1" "$2")
    if [ -z "$id" ]; then
      if [ "$DRY_RUN" = 0 ]; then
        id=$($WP term create "$TAXONOMY" "$1" --slug="$2" --porcelain)
      else
        show term create "$TAXONOMY" "$1" --slug="$2" --porcelain
        id="<new:$2>"
      fi
    fi
    new_ids="$new_ids $id"
    shift 2
  done
  case "$new_ids " in
    *" $old "*)
      say "skipped '$old_name': it is the same term as its new label (term $old)"
      return 0 ;;
  esac
  ids=$(posts "$old")
  for post in $ids; do
    if [ -n "$new_ids" ]; then
      # shellcheck disable=SC2086 # one argument per id
      change post term add "$post" "$TAXONOMY" $new_ids --by=id
    fi
    change post term remove "$post" "$TAXONOMY" "$old" --by=id
  done
  if [ "$DRY_RUN" != 0 ]; then
    show term delete "$TAXONOMY" "$old"
    return 0
  fi
  left=$($WP post list --post_type=any --post_status=any --"$QUERY"="$old" --format=count)
  count=$($WP term get "$TAXONOMY" "$old" --by=id --field=count)
  if [ "$left" = 0 ] && [ "$count" = 0 ]; then
    $WP term delete "$TAXONOMY" "$old"
  else
    say "kept '$old_name' (term $old): $left posts still have it (count $count)"
  fi
}
"""


class WpCliScript:
    name: ClassVar[str] = "wp-cli"

    def render(self, job: ExportJob) -> Export:
        slugs = {c.label: c.slug for c in job.taxonomy.walk() if c.slug}
        taxonomy, query = (
            ("category", "category__in")
            if job.options.kind is TermKind.category
            else ("post_tag", "tag__in")
        )
        lines = [
            "#!/bin/sh",
            f"# Written by `taxonomy export --to wp-cli` from {job.options.document}: "
            f"{job.summary()}.",
            "# Moves the posts of each old term to its new term(s), then deletes the old term",
            "# once no post has it. A dry run unless DRY_RUN=0: it reads the site and prints the",
            "# commands that would change it.",
            "#   sh wp-taxonomy.sh                    # dry run",
            "#   DRY_RUN=0 sh wp-taxonomy.sh          # change the site (back it up first)",
            "#   WP='wp --path=/var/www/site' sh wp-taxonomy.sh",
            f"TAXONOMY={taxonomy}",
            f"QUERY={query}",
            _PROLOGUE,
        ]
        for change in job.changes:
            words = [change.old, wp_slug(change.old)]
            for new in change.new:
                words += [new, slugs.get(new) or wp_slug(new)]
            arrow = " + ".join(repr(new) for new in change.new) or "(removed)"
            lines.append(f"# {change.old!r} -> {arrow}".replace("\n", " "))
            lines.append("relabel " + " ".join(sh_quote(word) for word in words))
        return Export(text="\n".join(lines) + "\n")
