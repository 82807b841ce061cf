#!/bin/sh
# Written by `taxonomy export --to wp-cli` from escaping.yaml: 17 labels mapped: 14 merged, 1 split, 2 removed.
# Moves the posts of each old term to its new term(s), then deletes the old term
# once no post has it. A dry run unless DRY_RUN=0: it reads the site and prints the
# commands that would change it.
#   sh wp-taxonomy.sh                    # dry run
#   DRY_RUN=0 sh wp-taxonomy.sh          # change the site (back it up first)
#   WP='wp --path=/var/www/site' sh wp-taxonomy.sh
TAXONOMY=post_tag
QUERY=tag__in
set -euf
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

# '"Hi" there' -> 'Say "Hi"'
relabel '"Hi" there' 'hi-there' 'Say "Hi"' 'say-hi'
# '100 percent natural' -> '100% Natural'
relabel '100 percent natural' '100-percent-natural' '100% Natural' '100-natural'
# '100%natural' -> '100% Natural'
relabel '100%natural' '100natural' '100% Natural' '100-natural'
# 'cafe & bar' -> 'Café & Bar'
relabel 'cafe & bar' 'cafe-bar' 'Café & Bar' 'cafe-bar'
# 'Cafés/Bars' -> 'Café & Bar'
relabel 'Cafés/Bars' 'cafes-bars' 'Café & Bar' 'cafe-bar'
# 'Gobi desert' -> 'Gobi'
relabel 'Gobi desert' 'gobi-desert' 'Gobi' 'gobi'
# 'Mongolia and US' -> 'Mongolia and USA'
relabel 'Mongolia and US' 'mongolia-and-us' 'Mongolia and USA' 'mongolia-and-usa'
# 'Mongolian and Cuba' -> 'Mongolia and Cuba'
relabel 'Mongolian and Cuba' 'mongolian-and-cuba' 'Mongolia and Cuba' 'mongolia-and-cuba'
# 'Moninfo' -> (removed)
relabel 'Moninfo' 'moninfo'
# 'NEWS' -> 'News'
relabel 'NEWS' 'news' 'News' 'news'
# 'news' -> 'News'
relabel 'news' 'news' 'News' 'news'
# 'Price: $5; {cheap}' -> 'Say "Hi"'
relabel 'Price: $5; {cheap}' 'price-5-cheap' 'Say "Hi"' 'say-hi'
# 'Russia and China' -> 'Russia' + 'China'
relabel 'Russia and China' 'russia-and-china' 'Russia' 'russia' 'China' 'china'
# "Say 'Hi'" -> 'Say "Hi"'
relabel 'Say '\''Hi'\''' 'say-hi' 'Say "Hi"' 'say-hi'
# 'Spam?' -> (removed)
relabel 'Spam?' 'spam'
# 'Trips' -> 'Travel'
relabel 'Trips' 'trips' 'Travel' 'voyages'
# 'монгол улс' -> 'Монгол Улс'
relabel 'монгол улс' '%d0%bc%d0%be%d0%bd%d0%b3%d0%be%d0%bb-%d1%83%d0%bb%d1%81' 'Монгол Улс' '%d0%bc%d0%be%d0%bd%d0%b3%d0%be%d0%bb-%d1%83%d0%bb%d1%81'
